package io.bulwark.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@link PlainText}. Public because Bean Validation providers instantiate it; applications
 * use the annotation.
 */
public final class PlainTextValidator implements ConstraintValidator<PlainText, CharSequence> {

    /** Creates the validator; the Bean Validation provider calls this. */
    public PlainTextValidator() {
    }

    /**
     * Whether the NFC form of the value is plain text.
     *
     * @param value the value, valid when null
     * @param context unused
     * @return whether the value is valid
     */
    @Override
    public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
        return value == null || TextRules.isPlainText(TextNormalizer.toNfc(value.toString()));
    }
}
