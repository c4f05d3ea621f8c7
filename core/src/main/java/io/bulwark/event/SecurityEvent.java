package io.bulwark.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One security-relevant thing that happened to a request. Immutable; holds no token, secret or
 * raw input: the token appears only as a short fingerprint, the endpoint as a sanitized
 * {@code METHOD path} of bounded length.
 *
 * @param kind what kind of event
 * @param reason a stable code, e.g. {@code expired} or {@code insufficient_scope}
 * @param clientAddress the client's address as Bulwark resolved it
 * @param subject the token's subject, when known
 * @param endpoint {@code METHOD path}, control characters replaced, at most 200 characters
 * @param tokenFingerprint the token's fingerprint, when a token was presented
 * @param time when it happened
 */
public record SecurityEvent(Kind kind, String reason, String clientAddress, Optional<String> subject,
        String endpoint, Optional<String> tokenFingerprint, Instant time) {

    private static final int MAX_ENDPOINT_LENGTH = 200;

    /** What kind of event. */
    public enum Kind {
        /** A token was missing, malformed or rejected, or the credentials were ambiguous. */
        AUTHENTICATION_FAILED,
        /** The caller is authenticated but lacks a scope or role, or the endpoint denies everyone. */
        ACCESS_DENIED,
        /** A rate limit was exceeded. */
        RATE_LIMITED,
        /** Input failed validation or was too large. */
        INPUT_REJECTED,
        /** Verification keys could not be obtained. */
        KEY_SOURCE_UNAVAILABLE,
        /** The rate-limit store could not be reached. */
        STORE_UNAVAILABLE
    }

    /** Validates the fields and bounds the endpoint. */
    public SecurityEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(tokenFingerprint, "tokenFingerprint");
        Objects.requireNonNull(time, "time");
        endpoint = sanitize(endpoint);
        clientAddress = sanitize(clientAddress);
    }

    /** Replaces control characters (log injection) and truncates. */
    private static String sanitize(String text) {
        int length = Math.min(text.length(), MAX_ENDPOINT_LENGTH);
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                if (out == null) {
                    out = new StringBuilder(length).append(text, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append(c);
            }
        }
        if (out != null) {
            return out.toString();
        }
        return length == text.length() ? text : text.substring(0, length);
    }
}
