package io.bulwark.validation;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;

/** One Hibernate Validator for the constraint tests, bootstrapped as Bulwark does it. */
final class Constraints {

    static final Validator VALIDATOR = InputValidator.builder().build().validator();

    private Constraints() {
    }

    /** Whether the constraints on one property of a bean class accept a value. */
    static boolean accepts(Class<?> bean, String property, Object value) {
        return VALIDATOR.validateValue(bean, property, value).isEmpty();
    }

    /** The violations of one property's constraints for a value. */
    static <T> Set<ConstraintViolation<T>> violations(Class<T> bean, String property, Object value) {
        return VALIDATOR.validateValue(bean, property, value);
    }
}
