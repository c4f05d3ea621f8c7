package io.bulwark.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Arrays;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@link AllowedValues}. Public because Bean Validation providers instantiate it;
 * applications use the annotation.
 */
public final class AllowedValuesValidator implements ConstraintValidator<AllowedValues, CharSequence> {

    private Set<String> allowed = Set.of();
    private boolean ignoreCase;

    /** Creates the validator; the Bean Validation provider calls this. */
    public AllowedValuesValidator() {
    }

    /**
     * Reads the allowed values; with {@code ignoreCase}, keeps them with ASCII letters in lower case.
     *
     * @param annotation the constraint
     * @throws IllegalArgumentException when no value is allowed
     */
    @Override
    public void initialize(AllowedValues annotation) {
        if (annotation.value().length == 0) {
            throw new IllegalArgumentException("@AllowedValues needs at least one value");
        }
        this.ignoreCase = annotation.ignoreCase();
        String[] values = annotation.value().clone();
        if (ignoreCase) {
            for (int i = 0; i < values.length; i++) {
                values[i] = TextRules.asciiLowerCase(values[i]);
            }
        }
        this.allowed = Set.copyOf(Arrays.asList(values));
    }

    /**
     * Whether the value, exactly as given, is one of the allowed values.
     *
     * @param value the value, valid when null
     * @param context unused
     * @return whether the value is valid
     */
    @Override
    public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        String text = value.toString();
        return allowed.contains(ignoreCase ? TextRules.asciiLowerCase(text) : text);
    }

    @Override
    public String toString() {
        return "AllowedValuesValidator[" + allowed.size() + " values, ignoreCase=" + ignoreCase + "]";
    }
}
