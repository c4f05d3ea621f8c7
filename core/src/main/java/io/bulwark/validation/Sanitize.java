package io.bulwark.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.bulwark.sanitize.HtmlPolicy;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks a field or record component that {@link InputSanitizer#sanitize(Object)} cleans.
 *
 * <pre>{@code
 * public record NewPost(@Sanitize(policy = HtmlPolicy.BASIC) String body,
 *                       @Sanitize(policy = HtmlPolicy.TEXT) String title,
 *                       @Sanitize Author author) {}            // a nested DTO, sanitized by its own annotations
 *
 * NewPost clean = InputSanitizer.standard().sanitize(post);
 * }</pre>
 *
 * <p>On a {@code String}, the value is normalized (see {@link TextNormalizer}) and then sanitized
 * with the {@link #policy()}: what the policy does not allow is removed, text is HTML-escaped.
 * On a field of another class (a nested DTO), the nested object is sanitized by its own
 * annotations and the policy is not used; {@code jakarta.validation.Valid} has the same effect
 * there. Collections, maps and arrays are not walked: sanitizing refuses {@code @Sanitize} on
 * them when the class is first seen.
 *
 * <p>Sanitizing changes input silently; to refuse instead, use {@link SafeHtml} or {@link PlainText}.
 */
@Documented
@Target({FIELD, RECORD_COMPONENT})
@Retention(RUNTIME)
public @interface Sanitize {

    /**
     * The HTML policy the text is sanitized with.
     *
     * @return the policy; {@link HtmlPolicy#BASIC} by default
     */
    HtmlPolicy policy() default HtmlPolicy.BASIC;
}
