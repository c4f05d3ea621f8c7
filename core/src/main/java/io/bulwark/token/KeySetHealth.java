package io.bulwark.token;

import io.bulwark.health.ComponentHealth;
import io.bulwark.health.HealthStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one issuer's keys tell a health check. Passive: answering never fetches anything, so a
 * health endpoint costs the key server nothing.
 */
interface KeySetHealth {

    /** The detail naming the kind of source: {@code remote JWK set}, {@code static JWK set}, … */
    String SOURCE = "source";
    /** The detail counting the keys at hand. */
    String KEYS_CACHED = "keysCached";

    /**
     * The keys' health under the given component name.
     *
     * @param name e.g. {@code keys:https://login.example.com/}
     */
    ComponentHealth report(String name);

    /** Keys given at build time: always up. */
    static KeySetHealth fixed(String source, int keys) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(SOURCE, source);
        details.put(KEYS_CACHED, Integer.toString(keys));
        return name -> new ComponentHealth(name, HealthStatus.UP, details);
    }

    /**
     * The class of the innermost cause, e.g. {@code java.net.ConnectException}: what failed, without
     * the message, which may quote a URL, a key or a server's reply.
     */
    static String failureName(Throwable error) {
        Throwable t = error;
        for (int depth = 0; depth < 16 && t.getCause() != null && t.getCause() != t; depth++) {
            t = t.getCause();
        }
        return t.getClass().getName();
    }
}
