package io.bulwark.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@link SafeFileName}. Public because Bean Validation providers instantiate it;
 * applications use the annotation.
 */
public final class SafeFileNameValidator implements ConstraintValidator<SafeFileName, CharSequence> {

    private int maxBytes = 255;

    /** Creates the validator; the Bean Validation provider calls this. */
    public SafeFileNameValidator() {
    }

    /**
     * Reads the length limit.
     *
     * @param annotation the constraint
     * @throws IllegalArgumentException when the limit is below 1
     */
    @Override
    public void initialize(SafeFileName annotation) {
        if (annotation.maxBytes() < 1) {
            throw new IllegalArgumentException("@SafeFileName maxBytes must be at least 1, was " + annotation.maxBytes());
        }
        this.maxBytes = annotation.maxBytes();
    }

    /**
     * Whether the NFC form of the value is a safe file name.
     *
     * @param value the value, valid when null
     * @param context unused
     * @return whether the value is valid
     */
    @Override
    public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
        return value == null || TextRules.isSafeFileName(TextNormalizer.toNfc(value.toString()), maxBytes);
    }
}
