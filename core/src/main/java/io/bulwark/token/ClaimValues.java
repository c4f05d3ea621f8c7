package io.bulwark.token;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads scopes and roles out of claims, and makes claims deeply immutable. */
final class ClaimValues {

    private ClaimValues() {
    }

    /** A deeply unmodifiable copy of a JSON object (JSON {@code null} values are kept). */
    static Map<String, Object> freeze(Map<String, Object> json) {
        Map<String, Object> copy = new LinkedHashMap<>(json.size() * 2);
        for (Map.Entry<String, Object> e : json.entrySet()) {
            copy.put(e.getKey(), freezeValue(e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return freeze((Map<String, Object>) map);
        } else if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(freezeValue(item));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** Scopes from {@code scope} (space-separated, RFC 8693 §4.2) and {@code scp} (string or array). */
    static Set<String> scopes(Map<String, Object> claims) {
        Set<String> scopes = new LinkedHashSet<>();
        addValues(claims.get("scope"), scopes);
        addValues(claims.get("scp"), scopes);
        return scopes;
    }

    /** Roles at the claim path: an array of strings, or one string. */
    static Set<String> roles(Map<String, Object> claims, List<String> path) {
        Object node = claims;
        for (String segment : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return Set.of();
            }
            node = map.get(segment);
        }
        Set<String> roles = new LinkedHashSet<>();
        if (node instanceof String single) {
            if (!single.isBlank()) {
                roles.add(single);
            }
        } else if (node instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s && !s.isBlank()) {
                    roles.add(s);
                }
            }
        }
        return roles;
    }

    private static void addValues(Object value, Set<String> into) {
        if (value instanceof String s) {
            for (String part : s.split(" ")) {
                if (!part.isEmpty()) {
                    into.add(part);
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s && !s.isEmpty()) {
                    into.add(s);
                }
            }
        }
    }
}
