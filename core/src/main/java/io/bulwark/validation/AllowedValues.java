package io.bulwark.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The annotated text must be one of a fixed set of values: the allow-list for what a SQL query
 * cannot take as a parameter, such as a sort column or a sort direction. {@code null} is valid.
 *
 * <pre>{@code
 * public record Search(
 *         @AllowedValues({"name", "created_at"}) String sort,
 *         @AllowedValues(value = {"asc", "desc"}, ignoreCase = true) String direction) {}
 *
 * // values still travel as parameters; only the checked identifiers are put into the text
 * String sql = "SELECT id, name FROM items WHERE owner = ? ORDER BY " + search.sort() + " " + search.direction();
 * }</pre>
 *
 * <p>Comparison is exact by default. With {@link #ignoreCase()}, ASCII letters match in either
 * case and every other character must match exactly: full Unicode case folding would let the
 * Kelvin sign (U+212A) stand for {@code k} and the long s (U+017F) for {@code s}, and a value
 * that passed as {@code "desc"} would reach the SQL as something else. For the same reason the
 * value is <em>not</em> normalized (unlike the other constraints of this package): the text that
 * is judged must be the text that is used. Better still, use the allowed constant rather than
 * the input once it has passed.
 */
@Documented
@Constraint(validatedBy = AllowedValuesValidator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface AllowedValues {

    /**
     * The allowed values.
     *
     * @return the allowed values
     */
    String[] value();

    /**
     * Whether ASCII letters match regardless of case ({@code Locale.ROOT} rules for ASCII).
     * Other characters always match exactly.
     *
     * @return true to ignore the case of ASCII letters; false by default
     */
    boolean ignoreCase() default false;

    /**
     * The message of a violation; a fixed text that never contains the rejected value.
     *
     * @return the message
     */
    String message() default "must be one of the allowed values";

    /**
     * The validation groups this constraint belongs to.
     *
     * @return the groups
     */
    Class<?>[] groups() default {};

    /**
     * Payload for clients of the Bean Validation API.
     *
     * @return the payload
     */
    Class<? extends Payload>[] payload() default {};
}
