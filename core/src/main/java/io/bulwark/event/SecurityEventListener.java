package io.bulwark.event;

/**
 * Receives security events. Register any number on {@code Bulwark.builder().listener(...)}.
 *
 * <p>Called on the request's thread; it must be quick and thread-safe. An exception it throws is
 * caught and logged: it never changes the response.
 */
@FunctionalInterface
public interface SecurityEventListener {

    /**
     * Handles one event.
     *
     * @param event the event
     */
    void onEvent(SecurityEvent event);
}
