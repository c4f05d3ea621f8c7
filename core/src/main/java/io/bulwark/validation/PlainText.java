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
 * The annotated text must be plain text: no markup, no control character but tab, CR and LF, no
 * Unicode bidirectional embedding, override or isolate, no unpaired surrogate. {@code null} is valid.
 *
 * <pre>{@code
 * public record NewComment(@PlainText @Size(max = 2000) String body) {}
 * }</pre>
 *
 * <p>The rules, and why:
 * <ul>
 *   <li><b>markup</b> is {@code <} followed by a letter (of any script), {@code /}, {@code !} or
 *       {@code ?} — where an HTML parser starts a tag, an end tag, a comment or a processing
 *       instruction — and character references ({@code &#60;}, {@code &#x3c;}, {@code &lt;}).
 *       Everything else is text: {@code "a < b"}, {@code "<3"}, {@code "x <= y"}, {@code "AT&T"} pass;
 *       {@code "x<y"} does not, since a browser would read {@code <y} as a tag;</li>
 *   <li><b>control characters</b> U+0000–U+001F and U+007F–U+009F, but tab, CR and LF, which text needs;</li>
 *   <li><b>bidirectional controls</b> U+202A–U+202E and U+2066–U+2069, which reorder what a reader
 *       sees (CVE-2021-42574, "Trojan Source"). The marks U+200E, U+200F and U+061C are allowed:
 *       right-to-left text needs them, and they cannot reorder a span.</li>
 * </ul>
 *
 * <p>The value is judged in its NFC form (see {@link TextNormalizer}), so two spellings of one
 * text are judged alike; NFC never adds or removes markup, a control or a bidirectional control.
 */
@Documented
@Constraint(validatedBy = PlainTextValidator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface PlainText {

    /**
     * The message of a violation; a fixed text that never contains the rejected value.
     *
     * @return the message
     */
    String message() default "must be plain text without markup";

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
