package io.bulwark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.event.SecurityEvent;
import io.bulwark.event.SecurityEventListener;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Listeners hear every event off the request's thread, and none of them can break or stall a request. */
class EventDeliveryTest {

    private static final JWK KEY = DevelopmentKeys.generate("ES256");
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void releaseBlockedListeners() {
        never.countDown();
    }

    private static Bulwark.Builder bulwark() {
        return Bulwark.builder().defaultEventLogger(false).tokenVerifier(TokenVerifier.builder()
                .trust("https://login.example.test", KeySource.jwkSet(new JWKSet(KEY.toPublicJWK())))
                .audience("orders-api").build());
    }

    private static Decision deniedRequest(Bulwark bulwark, int i) {
        return bulwark.check(SecurityRequest.builder("GET", "/api/orders/" + i).remoteAddress("203.0.113.7").build(),
                EndpointPolicy.authenticated());
    }

    /** Collects events and lets a test wait for a number of them. */
    private static final class Recorder implements SecurityEventListener {
        final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        private final Semaphore delivered = new Semaphore(0);
        private int awaited;

        @Override
        public void onEvent(SecurityEvent event) {
            threads.add(Thread.currentThread().getName());
            events.add(event);
            delivered.release();
        }

        void awaitCount(int count) throws InterruptedException {
            assertTrue(delivered.tryAcquire(count - awaited, 10, TimeUnit.SECONDS),
                    "events delivered: " + events.size() + " of " + count);
            awaited = count;
            assertEquals(count, events.size(), "events delivered");
        }
    }

    @Test
    void deliversEveryEventInOrderOffTheRequestThread() throws InterruptedException {
        Recorder recorder = new Recorder();
        Bulwark bulwark = bulwark().listener(recorder).build();

        for (int i = 0; i < 200; i++) {
            deniedRequest(bulwark, i);
        }

        recorder.awaitCount(200);
        for (int i = 0; i < 200; i++) {
            assertEquals("GET /api/orders/" + i, recorder.events.get(i).endpoint());
        }
        String requestThread = Thread.currentThread().getName();
        assertTrue(recorder.threads.stream().noneMatch(requestThread::equals), "delivered on " + recorder.threads.get(0));
        assertTrue(recorder.threads.get(0).startsWith("bulwark-events-"), recorder.threads.get(0));
        assertEquals(0, bulwark.droppedEvents());
    }

    @Test
    void aThrowingListenerChangesNoResponseAndMissesNoLaterEvent() throws InterruptedException {
        Semaphore calls = new Semaphore(0);
        Recorder after = new Recorder();
        Bulwark bulwark = bulwark()
                .listener(event -> {
                    calls.release();
                    throw new IllegalStateException("listener bug");
                })
                .listener(after)
                .build();

        for (int i = 0; i < 50; i++) {
            Decision.Deny deny = assertInstanceOf(Decision.Deny.class, deniedRequest(bulwark, i));
            assertEquals(401, deny.status());
        }

        after.awaitCount(50);
        assertTrue(calls.tryAcquire(50, 10, TimeUnit.SECONDS),
                "the throwing listener was called for every event, not dropped after its first");
    }

    @Test
    void aBlockedListenerStallsNoRequestAndNoOtherListener() throws InterruptedException {
        Recorder healthy = new Recorder();
        CountDownLatch blocked = new CountDownLatch(1);
        Bulwark bulwark = bulwark()
                .eventQueueCapacity(16)
                .listener(event -> {
                    blocked.countDown();
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .listener(healthy)
                .build();

        // Were delivery on the request thread, the first denial would never return.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 200; i++) {
                assertEquals(401, ((Decision.Deny) deniedRequest(bulwark, i)).status());
                // The healthy listener keeps hearing every event while the other one is stuck.
                healthy.awaitCount(i + 1);
            }
        });

        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        // The blocked listener holds one event and 16 wait in its mailbox; the rest were dropped.
        long dropped = bulwark.droppedEvents();
        assertTrue(dropped >= 200 - 17 && dropped <= 200 - 16, "dropped " + dropped);
    }

    @Test
    void anImmediateListenerHearsEveryEventOfAFloodThatMailboxesDrop() {
        AtomicInteger counted = new AtomicInteger();
        Bulwark bulwark = bulwark().eventQueueCapacity(1)
                .listener(new SecurityEventListener() {
                    @Override
                    public void onEvent(SecurityEvent event) {
                        counted.incrementAndGet();
                    }

                    @Override
                    public boolean isImmediate() {
                        return true;
                    }
                })
                .listener(event -> { })
                .build();

        for (int i = 0; i < 10_000; i++) {
            deniedRequest(bulwark, i);
        }

        assertEquals(10_000, counted.get(), "counted on the request's thread, so none lost");
        assertTrue(bulwark.droppedEvents() > 0, "the mailbox of one could not keep up");
    }

    @Test
    void aListenerAddedAfterBuildHearsLaterEventsUntilRemoved() throws InterruptedException {
        Recorder recorder = new Recorder();
        Bulwark bulwark = bulwark().eventExecutor(Runnable::run).build();
        deniedRequest(bulwark, 0);

        bulwark.addListener(recorder);
        deniedRequest(bulwark, 1);
        assertTrue(bulwark.removeListener(recorder));
        deniedRequest(bulwark, 2);

        recorder.awaitCount(1);
        assertEquals("GET /api/orders/1", recorder.events.get(0).endpoint());
        assertFalse(bulwark.removeListener(recorder));
    }

    @Test
    void listenersAreBounded() {
        Bulwark bulwark = bulwark().build();
        for (int i = 0; i < EventDelivery.MAX_LISTENERS; i++) {
            bulwark.addListener(event -> { });
        }

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bulwark.addListener(event -> { }));
        assertTrue(e.getMessage().contains("64"), e.getMessage());
    }

    @Test
    void aDirectExecutorDeliversOnTheCallingThread() {
        Recorder recorder = new Recorder();
        Bulwark bulwark = bulwark().eventExecutor(Runnable::run).listener(recorder).build();

        deniedRequest(bulwark, 0);

        assertEquals(List.of(Thread.currentThread().getName()), new ArrayList<>(recorder.threads));
    }

    @Test
    void rejectsAnEventQueueWithoutRoom() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bulwark().eventQueueCapacity(0));
        assertTrue(e.getMessage().contains("eventQueueCapacity"), e.getMessage());
    }
}
