package io.bulwark.validation;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One failed constraint, as a client may see it: where, and what was wrong — never the value.
 *
 * @param field the property path, such as {@code "address.city"} or {@code "items[2].name"}; empty
 *        for a constraint on the whole object
 * @param message the constraint's message
 */
public record FieldViolation(String field, String message) {

    /** The message of a violation whose own message cannot be shown safely. */
    public static final String INVALID = "is invalid";

    /** Values shorter than this are too short to tell an echo from a coincidence ("a" is in most messages). */
    private static final int SHORTEST_ECHO = 3;

    /**
     * Checks the members.
     *
     * @param field the property path
     * @param message the message
     */
    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Turns a Bean Validation violation into what a client may see.
     *
     * <p>The path is rebuilt from its nodes rather than taken from {@code Path.toString()}: list
     * indexes are kept, but map keys are left out ({@code "labels[]"}), since a key is client input.
     * Container element nodes ({@code <list element>}) and method nodes are left out too.
     *
     * <p>The message is the constraint's interpolated message, unless it cannot be shown safely:
     * when it still holds an unevaluated {@code ${...}} expression (there is no Expression
     * Language on Bulwark's classpath; {@code @DecimalMax}'s default message needs it) or when it
     * contains the rejected text (a custom constraint that echoes its input). Then it is
     * {@value #INVALID}.
     *
     * @param violation the violation
     * @return the field and message
     */
    public static FieldViolation of(ConstraintViolation<?> violation) {
        Objects.requireNonNull(violation, "violation");
        return new FieldViolation(fieldOf(violation.getPropertyPath()), safeMessage(violation));
    }

    /**
     * This violation as the JSON object of a problem's {@code errors} member.
     *
     * @return {@code {"field": ..., "message": ...}}
     */
    public Map<String, Object> toJsonObject() {
        Map<String, Object> json = new LinkedHashMap<>(4);
        json.put("field", field);
        json.put("message", message);
        return Collections.unmodifiableMap(json);
    }

    static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                Integer index = node.getIndex();
                field.append('[').append(index == null ? "" : index.toString()).append(']');
            }
            ElementKind kind = node.getKind();
            String name = node.getName();
            if (name != null && (kind == ElementKind.PROPERTY || kind == ElementKind.PARAMETER)) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(name);
            }
        }
        return field.toString();
    }

    private static String safeMessage(ConstraintViolation<?> violation) {
        String message = violation.getMessage();
        if (message == null || message.isBlank() || message.contains("${")) {
            return INVALID;
        }
        if (violation.getInvalidValue() instanceof CharSequence value && value.length() >= SHORTEST_ECHO
                && message.contains(value)) {
            return INVALID;
        }
        return message;
    }
}
