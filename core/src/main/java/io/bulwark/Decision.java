package io.bulwark;

import io.bulwark.http.ProblemDetails;
import io.bulwark.token.VerifiedToken;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Bulwark#check} decided about a request.
 *
 * <pre>{@code
 * Decision decision = bulwark.check(request, policy);
 * if (decision instanceof Decision.Deny deny) {
 *     response.setStatus(deny.status());
 *     deny.headers().forEach(response::setHeader);
 *     response.setContentType(ProblemDetails.MEDIA_TYPE);
 *     response.getWriter().write(deny.body());
 * } else if (decision instanceof Decision.Allow allow) {
 *     allow.headers().forEach(response::setHeader);
 *     allow.principal().ifPresent(exposeToTheApplication);
 * }
 * }</pre>
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny {

    /** Headers to add to the response, whatever the decision (name to value, in order). */
    Map<String, String> headers();

    /**
     * The request may proceed.
     *
     * @param principal the verified token, when one was presented
     * @param headers headers to add to the application's response
     */
    record Allow(Optional<VerifiedToken> principal, Map<String, String> headers) implements Decision {
        /** Copies the headers, keeping their order; the copy is unmodifiable. */
        public Allow {
            Objects.requireNonNull(principal, "principal");
            headers = headers.isEmpty() ? Map.of() : HeaderMap.copyOf(headers);
        }
    }

    /**
     * The request must not reach the application.
     *
     * @param status the HTTP status
     * @param headers headers of the response (e.g. {@code WWW-Authenticate}, {@code Retry-After})
     * @param problem the problem details body
     */
    record Deny(int status, Map<String, String> headers, ProblemDetails problem) implements Decision {
        /** Copies the headers, keeping their order; the copy is unmodifiable. */
        public Deny {
            Objects.requireNonNull(problem, "problem");
            headers = headers.isEmpty() ? Map.of() : HeaderMap.copyOf(headers);
        }

        /** The body, as {@code application/problem+json}. */
        public String body() {
            return problem.toJson();
        }
    }
}
