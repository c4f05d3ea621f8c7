package io.bulwark.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.bulwark.sanitize.HtmlPolicy;
import io.bulwark.sanitize.HtmlSanitizer;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The annotated text must be HTML that an {@link HtmlPolicy} keeps as it is: sanitizing it with
 * {@link HtmlSanitizer#of(HtmlPolicy) HtmlSanitizer.of(policy)} would drop no element and no
 * attribute. {@code null} is valid.
 *
 * <pre>{@code
 * public record NewPost(@SafeHtml(policy = HtmlPolicy.BASIC) String body) {}
 * }</pre>
 *
 * <p>Use it to refuse what sanitizing would silently change; use {@link Sanitize} to clean instead
 * of refuse. The value is judged in its NFC form (see {@link TextNormalizer}).
 */
@Documented
@Constraint(validatedBy = SafeHtmlValidator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface SafeHtml {

    /**
     * The policy the HTML must satisfy.
     *
     * @return the policy; {@link HtmlPolicy#BASIC} by default
     */
    HtmlPolicy policy() default HtmlPolicy.BASIC;

    /**
     * The message of a violation; a fixed text that never contains the rejected value.
     *
     * @return the message
     */
    String message() default "must be HTML that the policy allows";

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
