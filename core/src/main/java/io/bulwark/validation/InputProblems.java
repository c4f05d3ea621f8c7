package io.bulwark.validation;

import io.bulwark.http.ProblemDetails;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The problems (RFC 9457) that input answers with, identical through both adapters: 400 for input
 * that fails validation, 413 for a body over the limit. Their texts are fixed; the 400 lists the
 * fields and constraint messages, never a rejected value.
 */
public final class InputProblems {

    /** The detail of the 400 problem. */
    public static final String INVALID_INPUT = "The request contains invalid input";

    /** The detail of the 413 problem. */
    public static final String BODY_TOO_LARGE = "The request body is too large";

    /** The detail of the 400 problem for a body that cannot be read. */
    public static final String UNREADABLE = "The request body cannot be read as the expected content";

    private static final ProblemDetails TOO_LARGE = ProblemDetails.of(413, BODY_TOO_LARGE);
    // errors[] as in every 400 for input, naming the body itself: clients handle one shape.
    private static final ProblemDetails UNREADABLE_BODY = ProblemDetails.of(400, UNREADABLE)
            .with("errors", List.of(new FieldViolation("body", "must be readable as the expected content").toJsonObject()));

    private static final Comparator<FieldViolation> ORDER =
            Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::message);

    private InputProblems() {
    }

    /**
     * The 413 problem for a body over the limit.
     *
     * @return {@code 413 Content Too Large}, "The request body is too large"
     */
    public static ProblemDetails bodyTooLarge() {
        return TOO_LARGE;
    }

    /**
     * The 400 problem for a body that cannot be read (malformed JSON, a wrong type): a fixed text that
     * never quotes the parser's message, which may hold the input.
     *
     * @return {@code 400 Bad Request}, "The request body cannot be read as the expected content", with
     *     {@code errors: [{"field": "body", "message": "must be readable as the expected content"}]}
     */
    public static ProblemDetails unreadable() {
        return UNREADABLE_BODY;
    }

    /**
     * The 400 problem listing the violations, in a stable order (by field, then message).
     *
     * <pre>{@code
     * {"type": "about:blank", "title": "Bad Request", "status": 400,
     *  "detail": "The request contains invalid input",
     *  "errors": [{"field": "sort", "message": "must be one of the allowed values"}]}
     * }</pre>
     *
     * @param violations at least one violation
     * @return the problem
     * @throws IllegalArgumentException when there are no violations
     */
    public static ProblemDetails invalidInput(Collection<FieldViolation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a 400 problem for invalid input needs at least one violation");
        }
        List<FieldViolation> sorted = new ArrayList<>(violations);
        sorted.sort(ORDER);
        List<Map<String, Object>> errors = new ArrayList<>(sorted.size());
        for (FieldViolation violation : sorted) {
            errors.add(violation.toJsonObject());
        }
        return ProblemDetails.of(400, INVALID_INPUT).with("errors", List.copyOf(errors));
    }
}
