package io.bulwark.event;

/**
 * Receives security events. Register any number on {@code Bulwark.builder().listener(...)} or
 * {@code bulwark.addListener(...)}.
 *
 * <p>Called on Bulwark's event executor, not on the request's thread: each listener gets its
 * events one at a time and in order, from a bounded mailbox of its own. An exception it throws is
 * caught and logged; a listener that blocks fills only its own mailbox, after which its new events
 * are dropped and counted. Neither ever changes or delays a response. A listener that only counts
 * can ask to be called at once instead ({@link #isImmediate()}).
 */
@FunctionalInterface
public interface SecurityEventListener {

    /**
     * Handles one event.
     *
     * @param event the event
     */
    void onEvent(SecurityEvent event);

    /**
     * Whether this listener is called on the request's thread, at once, rather than through a
     * mailbox: only for a listener that never blocks and takes nanoseconds, such as a counter, so
     * that it sees every event even in a flood (a mailbox drops what it cannot hold). An exception it
     * throws is still caught and logged. Default {@code false}.
     *
     * @return whether to call it on the request's thread
     */
    default boolean isImmediate() {
        return false;
    }
}
