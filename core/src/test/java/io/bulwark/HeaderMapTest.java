package io.bulwark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decisions' header map: ordered, unmodifiable, equal to any map with the same entries. */
class HeaderMapTest {

    private static Map<String, String> sample() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("WWW-Authenticate", "Bearer realm=\"api\"");
        headers.put("RateLimit-Policy", "\"per-ip\";q=100;w=60");
        headers.put("RateLimit", "\"per-ip\";r=99;t=1");
        return headers;
    }

    @Test
    void keepsTheOrderAndTheEntriesItWasGiven() {
        HeaderMap map = HeaderMap.copyOf(sample());
        assertEquals(sample(), map);
        assertEquals(map, sample());
        assertEquals(sample().hashCode(), map.hashCode());
        assertEquals(sample().toString(), map.toString());
        assertEquals(List.copyOf(sample().keySet()), new ArrayList<>(map.keySet()));
        List<String> visited = new ArrayList<>();
        map.forEach((name, value) -> visited.add(name + "=" + value));
        assertEquals(3, visited.size());
        assertEquals("WWW-Authenticate=Bearer realm=\"api\"", visited.get(0));
        assertEquals("\"per-ip\";r=99;t=1", map.get("RateLimit"));
        assertEquals(null, map.get("X-Absent"));
        assertSame(map, HeaderMap.copyOf(map), "no copy of what is already one");
    }

    @Test
    void refusesEveryChange() {
        HeaderMap map = HeaderMap.copyOf(sample());
        assertThrows(UnsupportedOperationException.class, () -> map.put("X", "y"));
        assertThrows(UnsupportedOperationException.class, () -> map.remove("RateLimit"));
        assertThrows(UnsupportedOperationException.class, map::clear);
        assertThrows(UnsupportedOperationException.class, () -> map.putIfAbsent("X", "y"));
        assertThrows(UnsupportedOperationException.class, () -> map.entrySet().clear());
        assertThrows(UnsupportedOperationException.class, () -> map.entrySet().iterator().next().setValue("z"));
        assertThrows(UnsupportedOperationException.class, () -> map.keySet().remove("RateLimit"));
        assertEquals(sample(), map);
    }

    @Test
    void putsNewHeadersFirstAndKeepsTheFirstOfEachName() {
        HeaderMap map = HeaderMap.copyOf(Map.of("Cache-Control", "no-store")).after("Retry-After", "5", "Cache-Control", "x");
        assertEquals(List.of("Retry-After", "Cache-Control"), new ArrayList<>(map.keySet()));
        assertEquals("x", map.get("Cache-Control"), "the header put in front wins");
        HeaderMap fresh = HeaderMap.copyOf(Map.of("A", "1")).after("B", "2", "C", "3");
        assertEquals(List.of("B", "C", "A"), new ArrayList<>(fresh.keySet()));
    }

    @Test
    void refusesNullNamesAndValues() {
        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("X", null);
        assertThrows(NullPointerException.class, () -> HeaderMap.copyOf(withNull));
        assertThrows(NullPointerException.class, () -> HeaderMap.copyOf(Map.of()).after("A", null, "B", "2"));
    }

    @Test
    void decisionsHandTheirHeadersOverUnmodifiable() {
        Decision.Deny deny = new Decision.Deny(401, sample(), io.bulwark.http.ProblemDetails.of(401, "x"));
        assertEquals(sample(), deny.headers());
        assertThrows(UnsupportedOperationException.class, () -> deny.headers().put("X", "y"));
        Map<String, String> source = sample();
        Decision.Allow allow = new Decision.Allow(java.util.Optional.empty(), source);
        source.put("Late", "change");
        assertEquals(sample(), allow.headers(), "a copy, not a view of the caller's map");
    }
}
