package io.bulwark.event;

/**
 * Receives security events. Register any number on {@code Bulwark.builder().listener(...)} or
 * {@code bulwark.addListener(...)}.
 *
 * <p>Called on Bulwark's event executor, not on the request's thread: each listener gets its
 * events one at a time and in order, from a bounded mailbox of its own. An exception it throws is
 * caught and logged; a listener that blocks fills only its own mailbox, after which its new events
 * are dropped and counted. Neither ever changes or delays a response.
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
