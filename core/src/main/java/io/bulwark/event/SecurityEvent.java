package io.bulwark.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One security-relevant thing that happened to a request. Immutable; holds no token, secret or
 * raw input: the token appears only as a short fingerprint, the endpoint as a printable
 * {@code METHOD path} of bounded length (see {@link LogText}).
 *
 * @param kind what kind of event
 * @param reason a stable code, e.g. {@code expired} or {@code insufficient_scope}
 * @param clientAddress the client's address as Bulwark resolved it
 * @param subject the token's subject, when known
 * @param endpoint {@code METHOD path}, control characters replaced, at most 200 characters
 * @param tokenFingerprint the token's fingerprint, when a token was presented
 * @param requestId the request's id, the same the application's logs see in the MDC
 *     ({@code io.bulwark.RequestContext})
 * @param time when it happened
 */
public record SecurityEvent(Kind kind, String reason, String clientAddress, Optional<String> subject,
        String endpoint, Optional<String> tokenFingerprint, String requestId, Instant time) {

    private static final int MAX_FIELD_LENGTH = 200;

    /** What kind of event. */
    public enum Kind {
        /** A token was missing, malformed or rejected, or the credentials were ambiguous. */
        AUTHENTICATION_FAILED,
        /** The caller is authenticated but lacks a scope or role, or the endpoint denies everyone. */
        ACCESS_DENIED,
        /** A rate limit was exceeded. */
        RATE_LIMITED,
        /** Input failed validation, could not be read, or was too large. */
        INPUT_REJECTED,
        /** Verification keys could not be obtained. */
        KEY_SOURCE_UNAVAILABLE,
        /** The rate-limit store could not be reached. */
        STORE_UNAVAILABLE
    }

    /** Validates the fields and makes the free-text ones printable and bounded. */
    public SecurityEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(tokenFingerprint, "tokenFingerprint");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(time, "time");
        reason = LogText.printable(reason, MAX_FIELD_LENGTH);
        endpoint = LogText.printable(endpoint, MAX_FIELD_LENGTH);
        clientAddress = LogText.printable(clientAddress, MAX_FIELD_LENGTH);
        subject = subject.map(value -> LogText.printable(value, MAX_FIELD_LENGTH));
        requestId = LogText.printable(requestId, MAX_FIELD_LENGTH);
    }
}
