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
 * The annotated text must be a single, portable file name that cannot leave its directory or
 * name a device. {@code null} is valid; the empty string is not.
 *
 * <pre>{@code
 * public record Upload(@SafeFileName String fileName) {}
 * }</pre>
 *
 * <p>Refused:
 * <ul>
 *   <li>path separators {@code /} and {@code \}, and {@code ..} anywhere (also {@code "."} and {@code ".."});</li>
 *   <li>every control character (U+0000–U+001F, U+007F–U+009F, tab and line breaks included);</li>
 *   <li>the characters Windows refuses: {@code < > : " | ? *} ({@code :} names an NTFS alternate data stream);</li>
 *   <li>bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
 *       make {@code invoice[U+202E]fdp.exe} display as {@code invoiceexe.pdf}; unpaired surrogates;</li>
 *   <li>a trailing dot or space, which Windows drops;</li>
 *   <li>the Windows device names CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9 (and with ¹ ² ³),
 *       CONIN$, CONOUT$, in any case, with or without an extension ({@code "nul.txt"});</li>
 *   <li>names longer than {@link #maxBytes()} bytes in UTF-8 (255 by default, the limit of most
 *       file systems).</li>
 * </ul>
 *
 * <p>The value is judged in its NFC form (see {@link TextNormalizer}); store that form, since
 * the length limit counts it.
 */
@Documented
@Constraint(validatedBy = SafeFileNameValidator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface SafeFileName {

    /**
     * The largest length of the name, in UTF-8 bytes.
     *
     * @return the limit; 255 by default
     */
    int maxBytes() default 255;

    /**
     * The message of a violation; a fixed text that never contains the rejected value.
     *
     * @return the message
     */
    String message() default "must be a file name without path, control characters or reserved names";

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
