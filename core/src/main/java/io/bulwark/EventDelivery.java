package io.bulwark;

import io.bulwark.event.SecurityEvent;
import io.bulwark.event.SecurityEventListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands security events to listeners without letting them touch the request: each listener has a
 * bounded mailbox drained on the event executor, one event at a time, so a listener that throws
 * is logged and skipped, one that blocks fills only its own mailbox, and a full mailbox drops the
 * event (counted, and warned about at most once a minute) rather than stalling the request that
 * raised it. Listeners that declare themselves {@linkplain SecurityEventListener#isImmediate()
 * immediate} (counters) are called at once instead, so a flood cannot make them miss events.
 */
final class EventDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);
    /** Listeners are configuration: the bound stops an application that adds one per request. */
    static final int MAX_LISTENERS = 64;
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * The default executor, shared by every Bulwark in the JVM: a thread per mailbox being drained,
     * daemon, gone after a minute idle. A mailbox is drained by one task at a time, so it never
     * holds more threads than there are listeners with events waiting (a blocked listener keeps
     * one); the cap bounds even that.
     */
    static final Executor SHARED_EXECUTOR = sharedExecutor();

    private final Executor executor;
    private final int capacity;
    private final List<Mailbox> mailboxes = new CopyOnWriteArrayList<>();
    private final List<SecurityEventListener> immediate = new CopyOnWriteArrayList<>();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong nextWarnNanos = new AtomicLong(System.nanoTime());

    EventDelivery(Executor executor, int capacity, List<SecurityEventListener> listeners) {
        this.executor = executor;
        this.capacity = capacity;
        for (SecurityEventListener listener : listeners) {
            add(listener);
        }
    }

    private static Executor sharedExecutor() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 256, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    // Not inheriting the creating request thread's thread-locals: with an MDC kept in an
                    // InheritableThreadLocal, an event thread would log under one request's keys forever.
                    Thread thread = new Thread(null, task, "bulwark-events-" + THREADS.incrementAndGet(), 0, false);
                    thread.setDaemon(true);
                    thread.setContextClassLoader(EventDelivery.class.getClassLoader());
                    return thread;
                });
        return pool;
    }

    boolean isEmpty() {
        return mailboxes.isEmpty() && immediate.isEmpty();
    }

    void add(SecurityEventListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (mailboxes) {
            if (mailboxes.size() + immediate.size() >= MAX_LISTENERS) {
                throw new IllegalStateException("Bulwark takes at most " + MAX_LISTENERS + " event listeners");
            }
            if (listener.isImmediate()) {
                immediate.add(listener);
            } else {
                mailboxes.add(new Mailbox(listener));
            }
        }
    }

    boolean remove(SecurityEventListener listener) {
        synchronized (mailboxes) {
            if (immediate.remove(listener)) {
                return true;
            }
            for (Mailbox mailbox : mailboxes) {
                if (mailbox.listener == listener) {
                    return mailboxes.remove(mailbox);
                }
            }
            return false;
        }
    }

    void publish(SecurityEvent event) {
        for (SecurityEventListener listener : immediate) {
            deliver(listener, event);
        }
        for (Mailbox mailbox : mailboxes) {
            mailbox.offer(event);
        }
    }

    private static void deliver(SecurityEventListener listener, SecurityEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // A broken listener must never change a response, nor stop the events after it.
            LOG.atWarn().addKeyValue("listener", listener.getClass().getName())
                    .addKeyValue("error", e.getClass().getName()).log("Security event listener failed");
        }
    }

    long dropped() {
        return dropped.sum();
    }

    private void warnDropped(SecurityEventListener listener) {
        long now = System.nanoTime();
        long next = nextWarnNanos.get();
        if (now - next >= 0 && nextWarnNanos.compareAndSet(next, now + WARN_INTERVAL_NANOS)) {
            LOG.atWarn().addKeyValue("listener", listener.getClass().getName()).addKeyValue("dropped", dropped.sum())
                    .log("Security events dropped: a listener is not keeping up");
        }
    }

    /** One listener's queue of events, drained by at most one task at a time. */
    private final class Mailbox implements Runnable {
        private final SecurityEventListener listener;
        private final ArrayBlockingQueue<SecurityEvent> queue = new ArrayBlockingQueue<>(capacity);
        private final AtomicBoolean scheduled = new AtomicBoolean();

        Mailbox(SecurityEventListener listener) {
            this.listener = listener;
        }

        void offer(SecurityEvent event) {
            if (!queue.offer(event)) {
                dropped.increment();
                warnDropped(listener);
                return;
            }
            schedule();
        }

        private void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    executor.execute(this);
                } catch (RejectedExecutionException e) {
                    // Every thread busy: the events wait in the mailbox for the next offer.
                    scheduled.set(false);
                }
            }
        }

        @Override
        public void run() {
            try {
                SecurityEvent event;
                while ((event = queue.poll()) != null) {
                    deliver(listener, event);
                }
            } finally {
                scheduled.set(false);
                // An event offered after the last poll but before the flag was released found the
                // mailbox scheduled and relied on this run (as do those left by an Error): go again.
                if (!queue.isEmpty()) {
                    schedule();
                }
            }
        }
    }
}
