package io.bulwark.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The overall status, the JSON a health endpoint serves, and the records' guarantees. */
class SecurityHealthTest {

    static Stream<Arguments> overallStatuses() {
        return Stream.of(
                Arguments.of(List.of(), HealthStatus.UNKNOWN),
                Arguments.of(List.of(HealthStatus.UP), HealthStatus.UP),
                Arguments.of(List.of(HealthStatus.UP, HealthStatus.UP), HealthStatus.UP),
                Arguments.of(List.of(HealthStatus.UP, HealthStatus.UNKNOWN), HealthStatus.UNKNOWN),
                Arguments.of(List.of(HealthStatus.UNKNOWN, HealthStatus.DEGRADED), HealthStatus.DEGRADED),
                Arguments.of(List.of(HealthStatus.DEGRADED, HealthStatus.UP), HealthStatus.DEGRADED),
                Arguments.of(List.of(HealthStatus.UP, HealthStatus.DOWN), HealthStatus.DOWN),
                Arguments.of(List.of(HealthStatus.DOWN, HealthStatus.DEGRADED, HealthStatus.UNKNOWN), HealthStatus.DOWN));
    }

    @ParameterizedTest
    @MethodSource("overallStatuses")
    void overallStatusIsTheWorstOfTheComponents(List<HealthStatus> statuses, HealthStatus expected) {
        List<ComponentHealth> components = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            components.add(new ComponentHealth("part-" + i, statuses.get(i), Map.of()));
        }

        assertEquals(expected, SecurityHealth.of(components).status());
    }

    @Test
    void answers503OnlyWhenDown() {
        for (HealthStatus status : HealthStatus.values()) {
            SecurityHealth health = SecurityHealth.of(List.of(new ComponentHealth("keys:x", status, Map.of())));
            assertEquals(status == HealthStatus.DOWN ? 503 : 200, health.httpStatus(), status.name());
        }
    }

    @Test
    void rendersStatusAndComponentsByNameAsJson() throws Exception {
        Map<String, String> keyDetails = new LinkedHashMap<>();
        keyDetails.put("source", "remote JWK set");
        keyDetails.put("keysCached", "3");
        keyDetails.put("lastFailure", "java.net.ConnectException");
        SecurityHealth health = SecurityHealth.of(List.of(
                new ComponentHealth("keys:https://login.example.test/", HealthStatus.DEGRADED, keyDetails),
                new ComponentHealth("rate-limit-store", HealthStatus.UP, Map.of("store", "LocalBucketStore"))));

        String json = health.toJson();

        Map<String, Object> parsed = JSONObjectUtils.parse(json);
        assertEquals(Map.of(
                "status", "DEGRADED",
                "components", Map.of(
                        "keys:https://login.example.test/", Map.of("status", "DEGRADED", "details", keyDetails),
                        "rate-limit-store", Map.of("status", "UP", "details", Map.of("store", "LocalBucketStore")))),
                parsed);
        assertTrue(json.indexOf("keys:https") < json.indexOf("rate-limit-store"), "components keep their order: " + json);
        assertTrue(json.indexOf("\"source\"") < json.indexOf("\"keysCached\""), "details keep their order: " + json);
    }

    @Test
    void escapesWhatItRendersRatherThanBreakingTheJson() throws Exception {
        String odd = "keys:https://login.example.test/\"},\"status\":\"UP";
        SecurityHealth health = SecurityHealth.of(List.of(new ComponentHealth(odd, HealthStatus.DOWN, Map.of("a\"b", "c\\d"))));

        Map<String, Object> parsed = JSONObjectUtils.parse(health.toJson());

        assertEquals("DOWN", parsed.get("status"));
        assertEquals(Map.of(odd, Map.of("status", "DOWN", "details", Map.of("a\"b", "c\\d"))), parsed.get("components"));
    }

    @Test
    void findsAComponentByName() {
        ComponentHealth store = new ComponentHealth("rate-limit-store", HealthStatus.UP, Map.of());
        SecurityHealth health = SecurityHealth.of(List.of(store));

        assertEquals(store, health.component("rate-limit-store").orElseThrow());
        assertTrue(health.component("keys:nobody").isEmpty());
    }

    @Test
    void copiesWhatItIsGiven() {
        Map<String, String> details = new HashMap<>(Map.of("keysCached", "1"));
        List<ComponentHealth> components = new ArrayList<>();
        ComponentHealth component = new ComponentHealth("keys:x", HealthStatus.UP, details);
        components.add(component);
        SecurityHealth health = SecurityHealth.of(components);

        details.put("keysCached", "999");
        components.add(new ComponentHealth("keys:y", HealthStatus.DOWN, Map.of()));

        assertEquals(Map.of("keysCached", "1"), component.details());
        assertEquals(List.of(component), health.components());
        assertThrows(UnsupportedOperationException.class, () -> component.details().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> health.components().clear());
    }

    @Test
    void refusesTwoComponentsOfOneNameAndBlankOrMissingParts() {
        ComponentHealth a = new ComponentHealth("rate-limit-store", HealthStatus.UP, Map.of());
        ComponentHealth b = new ComponentHealth("rate-limit-store", HealthStatus.DOWN, Map.of());
        assertThrows(IllegalArgumentException.class, () -> SecurityHealth.of(List.of(a, b)));
        assertThrows(IllegalArgumentException.class, () -> new ComponentHealth(" ", HealthStatus.UP, Map.of()));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("lastFailure", null);
        assertThrows(NullPointerException.class, () -> new ComponentHealth("keys:x", HealthStatus.UP, nullValue));
        assertThrows(NullPointerException.class, () -> new SecurityHealth(null, List.of()));
    }
}
