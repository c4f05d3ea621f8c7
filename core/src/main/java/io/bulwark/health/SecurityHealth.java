package io.bulwark.health;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The health of Bulwark's parts and an overall status, for an application's health endpoint.
 *
 * <pre>{@code
 * SecurityHealth health = bulwark.health();
 * response.setStatus(health.httpStatus());            // 503 when DOWN, else 200
 * response.setContentType("application/json");
 * response.getWriter().write(health.toJson());
 * // {"status":"UP","components":{"keys:https://login.example.com/":{"status":"UP","details":{...}},
 * //                              "rate-limit-store":{"status":"UP","details":{...}}}}
 * }</pre>
 *
 * <p>The overall status {@link #of(List)} gives is the worst of the components' in the order
 * {@link HealthStatus#UP UP}, {@link HealthStatus#UNKNOWN UNKNOWN}, {@link HealthStatus#DEGRADED DEGRADED},
 * {@link HealthStatus#DOWN DOWN}: one part down is Bulwark down (it cannot verify that issuer's tokens,
 * or cannot decide limits); one part serving from its cache makes the whole degraded; a remote key source
 * not yet fetched leaves the whole unknown until it is; no component at all is {@code UNKNOWN}.
 *
 * @param status the overall status
 * @param components the parts, in a stable order, each name once; copied
 */
public record SecurityHealth(HealthStatus status, List<ComponentHealth> components) {

    /** Validates and copies the components. */
    public SecurityHealth {
        Objects.requireNonNull(status, "status");
        components = List.copyOf(Objects.requireNonNull(components, "components"));
        Set<String> names = new HashSet<>();
        for (ComponentHealth component : components) {
            if (!names.add(component.name())) {
                throw new IllegalArgumentException("two components are named " + component.name());
            }
        }
    }

    /**
     * The health of these components, with the worst of their statuses as the overall one.
     *
     * @param components the parts, each name once
     * @return the health
     */
    public static SecurityHealth of(List<ComponentHealth> components) {
        Objects.requireNonNull(components, "components");
        HealthStatus worst = components.isEmpty() ? HealthStatus.UNKNOWN : HealthStatus.UP;
        for (ComponentHealth component : components) {
            if (component.status().worseThan(worst)) {
                worst = component.status();
            }
        }
        return new SecurityHealth(worst, components);
    }

    /**
     * The component of that name.
     *
     * @param name e.g. {@code "rate-limit-store"} or {@code "keys:https://login.example.com/"}
     * @return the component, if there is one
     */
    public Optional<ComponentHealth> component(String name) {
        Objects.requireNonNull(name, "name");
        for (ComponentHealth component : components) {
            if (component.name().equals(name)) {
                return Optional.of(component);
            }
        }
        return Optional.empty();
    }

    /**
     * The status a health endpoint answers with: 503 (Service Unavailable) when the overall status is
     * {@link HealthStatus#DOWN DOWN}, 200 otherwise (a degraded or not yet known Bulwark still serves).
     *
     * @return 200 or 503
     */
    public int httpStatus() {
        return status == HealthStatus.DOWN ? 503 : 200;
    }

    /**
     * The JSON text: {@code {"status": …, "components": {<name>: {"status": …, "details": {…}}, …}}},
     * components and details in their order.
     *
     * @return the JSON document
     */
    public String toJson() {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (ComponentHealth component : components) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("status", component.status().name());
            json.put("details", component.details());
            byName.put(component.name(), json);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", status.name());
        json.put("components", byName);
        return JSONObjectUtils.toJSONString(json);
    }
}
