package io.bulwark.validation;

import java.util.Locale;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Hibernate Validator's {@link ParameterMessageInterpolator}, which fills in constraint attributes
 * ({@code {max}}) and never evaluates Expression Language, without its warning on every message
 * that holds an expression ({@code @DecimalMax}'s default message does). Such a term is left as
 * it is, and {@link FieldViolation#of} then shows the fixed {@value FieldViolation#INVALID}: a
 * warning per rejected request would be log noise a client can cause at will.
 */
final class ElFreeMessageInterpolator extends ParameterMessageInterpolator {

    ElFreeMessageInterpolator(Locale locale) {
        super(Set.of(locale), locale, false);
    }

    @Override
    protected String interpolate(Context context, Locale locale, String term) {
        // an EL term is "${...}"; a parameter term is "{...}"
        return term.startsWith("$") ? term : super.interpolate(context, locale, term);
    }
}
