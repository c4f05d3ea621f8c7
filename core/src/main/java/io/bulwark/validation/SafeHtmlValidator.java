package io.bulwark.validation;

import io.bulwark.sanitize.HtmlPolicy;
import io.bulwark.sanitize.HtmlSanitizer;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@link SafeHtml}. Public because Bean Validation providers instantiate it; applications
 * use the annotation.
 */
public final class SafeHtmlValidator implements ConstraintValidator<SafeHtml, CharSequence> {

    private HtmlSanitizer sanitizer = HtmlSanitizer.of(HtmlPolicy.BASIC);

    /** Creates the validator; the Bean Validation provider calls this. */
    public SafeHtmlValidator() {
    }

    /**
     * Picks the policy's sanitizer.
     *
     * @param annotation the constraint
     */
    @Override
    public void initialize(SafeHtml annotation) {
        this.sanitizer = HtmlSanitizer.of(annotation.policy());
    }

    /**
     * Whether sanitizing the NFC form of the value would drop nothing.
     *
     * @param value the value, valid when null
     * @param context unused
     * @return whether the value is valid
     */
    @Override
    public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
        return value == null || sanitizer.check(TextNormalizer.toNfc(value.toString())).clean();
    }
}
