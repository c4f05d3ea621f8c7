package io.bulwark.validation;

import io.bulwark.http.ProblemDetails;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ParameterNameProvider;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.jspecify.annotations.Nullable;

/**
 * Validates input with Hibernate Validator and answers with a 400 problem when it fails. Built
 * once; immutable and thread-safe.
 *
 * <pre>{@code
 * InputValidator validator = InputValidator.builder().build();
 *
 * public record Search(@AllowedValues({"name", "created_at"}) String sort,
 *                      @PlainText @Size(max = 100) String query) {}
 *
 * Optional<ProblemDetails> problem = validator.validate(search);
 * // {"status": 400, "detail": "The request contains invalid input",
 * //  "errors": [{"field": "sort", "message": "must be one of the allowed values"}]}
 * }</pre>
 *
 * <p>Messages are interpolated by Hibernate Validator's {@link ParameterMessageInterpolator}:
 * constraint attributes such as {@code {max}} are filled in, Expression Language is not (none is on
 * the classpath), so no message can reach the rejected value through {@code ${validatedValue}};
 * a message that needs EL ({@code @DecimalMax}'s default) becomes {@value FieldViolation#INVALID}.
 * Messages come from Hibernate Validator's bundle in the configured locale (English by default,
 * whatever the server's locale), and pass through {@link FieldViolation#of(ConstraintViolation)},
 * which keeps map keys out of paths and replaces any message that still echoes the value.
 */
public final class InputValidator {

    private final ValidatorFactory factory;
    private final Validator validator;

    private InputValidator(Builder builder) {
        HibernateValidatorConfiguration configuration = Validation.byProvider(HibernateValidator.class)
                .configure()
                .messageInterpolator(new ElFreeMessageInterpolator(builder.locale));
        if (builder.parameterNameProvider != null) {
            configuration.parameterNameProvider(builder.parameterNameProvider);
        }
        this.factory = configuration.buildValidatorFactory();
        this.validator = factory.getValidator();
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates an object, cascading into members marked {@code @Valid}.
     *
     * @param object the object
     * @param groups the groups to validate; the default group when none
     * @param <T> its type
     * @return the 400 problem when a constraint fails; empty when the object is valid
     */
    public <T> Optional<ProblemDetails> validate(T object, Class<?>... groups) {
        return problemOf(violations(object, groups));
    }

    /**
     * The violations of an object's constraints, client-safe.
     *
     * @param object the object
     * @param groups the groups to validate; the default group when none
     * @param <T> its type
     * @return the violations; empty when the object is valid
     */
    public <T> List<FieldViolation> violations(T object, Class<?>... groups) {
        Objects.requireNonNull(object, "object");
        return toFieldViolations(validator.validate(object, groups));
    }

    /**
     * Validates the arguments of a method call (an endpoint's query and path parameters). The
     * field of a violation starts with the parameter's name, as the configured
     * {@link Builder#parameterNameProvider(ParameterNameProvider) parameter name provider} gives it.
     *
     * @param object the object the method is called on
     * @param method the method
     * @param arguments the arguments
     * @param groups the groups to validate; the default group when none
     * @param <T> the object's type
     * @return the 400 problem when a constraint fails; empty when the arguments are valid
     */
    public <T> Optional<ProblemDetails> validateParameters(T object, Method method, @Nullable Object[] arguments,
            Class<?>... groups) {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(arguments, "arguments");
        return problemOf(toFieldViolations(validator.forExecutables().validateParameters(object, method, arguments, groups)));
    }

    /**
     * The Hibernate Validator behind this validator, configured as described above; for adapters
     * that hand a {@link Validator} to their framework.
     *
     * @return the validator
     */
    public Validator validator() {
        return validator;
    }

    /**
     * Turns violations, however obtained, into client-safe field violations.
     *
     * @param violations the violations
     * @return one field violation each
     */
    public static List<FieldViolation> toFieldViolations(Collection<? extends ConstraintViolation<?>> violations) {
        List<FieldViolation> result = new ArrayList<>(violations.size());
        for (ConstraintViolation<?> violation : violations) {
            result.add(FieldViolation.of(violation));
        }
        return result;
    }

    private static Optional<ProblemDetails> problemOf(List<FieldViolation> violations) {
        return violations.isEmpty() ? Optional.empty() : Optional.of(InputProblems.invalidInput(violations));
    }

    @Override
    public String toString() {
        return "InputValidator[" + factory.getMessageInterpolator().getClass().getSimpleName() + "]";
    }

    /** Builds an {@link InputValidator}. Not thread-safe; build once, share the result. */
    public static final class Builder {

        private Locale locale = Locale.ENGLISH;
        private @Nullable ParameterNameProvider parameterNameProvider;

        private Builder() {
        }

        /**
         * The locale of constraint messages. Default: English, so that answers do not depend on the
         * server's locale.
         *
         * @param locale the locale
         * @return this builder
         */
        public Builder locale(Locale locale) {
            this.locale = Objects.requireNonNull(locale, "locale");
            return this;
        }

        /**
         * Names method parameters in violation fields, for {@link #validateParameters}; an adapter
         * passes one that reads {@code @QueryParam} names. Default: Hibernate Validator's, which
         * reads names compiled with {@code -parameters} and otherwise says {@code arg0}.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder parameterNameProvider(ParameterNameProvider provider) {
            this.parameterNameProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Bootstraps Hibernate Validator.
         *
         * @return the validator
         */
        public InputValidator build() {
            return new InputValidator(this);
        }
    }
}
