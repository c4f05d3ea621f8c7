package io.bulwark.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The health of one part of Bulwark: the keys of one trusted issuer ({@code keys:<issuer>}) or the
 * rate-limit store ({@code rate-limit-store}).
 *
 * <p>Details are short facts for an operator, such as {@code keysCached=3},
 * {@code lastFailure=java.net.ConnectException} or {@code latencyMillis=1}: never key material,
 * secrets, tokens or exception messages (which may quote a URL with credentials in it).
 *
 * @param name the part, unique within one {@link SecurityHealth}
 * @param status how it is doing
 * @param details facts about it, in a stable order; copied
 */
public record ComponentHealth(String name, HealthStatus status, Map<String, String> details) {

    /** Validates and copies the details, keeping their order. */
    public ComponentHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(details, "details");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        Map<String, String> copy = new LinkedHashMap<>(details);
        copy.forEach((key, value) -> {
            Objects.requireNonNull(key, "detail name");
            Objects.requireNonNull(value, "detail value");
        });
        details = Collections.unmodifiableMap(copy);
    }
}
