package io.bulwark.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.EntryView;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Scanner;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HazelcastBucketStore} on real embedded members: two members of one private cluster
 * (TCP-IP on 127.0.0.1, a cluster name unique to the run, no multicast, no phone-home), shared by
 * the tests; a third member in a child JVM whose clock is five seconds ahead; a lone member and a
 * client for the outage.
 */
class HazelcastBucketStoreIT {

    private static final int PORTS = 6;
    private static final String CLUSTER = "bulwark-it-" + UUID.randomUUID();
    private static final List<HazelcastInstance> INSTANCES = new ArrayList<>();

    private static int basePort;
    private static HazelcastInstance member1;
    private static HazelcastInstance member2;
    /** Stores with the default timeout, 100 ms, for the timing tests. */
    private static HazelcastBucketStore quick1;
    private static HazelcastBucketStore quick2;
    /**
     * Stores that wait up to 5 s, for the rest: a decision given up on may still have been applied,
     * so a run with timeouts cannot be counted exactly, and shared CI machines stall.
     */
    private static HazelcastBucketStore store1;
    private static HazelcastBucketStore store2;

    @BeforeAll
    static void startCluster() throws Exception {
        basePort = freePort();
        long started = System.nanoTime();
        member1 = start(memberConfig(CLUSTER, basePort));
        member2 = start(memberConfig(CLUSTER, basePort));
        assertEquals(2, member1.getCluster().getMembers().size(), "the two members form one cluster");
        report("two members started in %d ms", millisSince(started));
        quick1 = HazelcastBucketStore.builder(member1).build();
        quick2 = HazelcastBucketStore.builder(member2).build();
        store1 = HazelcastBucketStore.builder(member1).timeout(Duration.ofSeconds(5)).build();
        store2 = HazelcastBucketStore.builder(member2).timeout(Duration.ofSeconds(5)).build();
        // Let the partitions settle, then warm up class loading, serialization and the JIT on
        // both members' paths before anything is timed; a cold first call may exceed 100 ms.
        while (!member1.getPartitionService().isClusterSafe() && millisSince(started) < 20_000) {
            Thread.sleep(20);
        }
        RateLimit warm = RateLimit.of("warm", Quota.of(1_000_000, Duration.ofDays(1)), RateLimitKey.clientAddress());
        int cold = 0;
        long warming = System.nanoTime();
        for (int i = 0; i < 250; i++) {
            for (HazelcastBucketStore store : List.of(quick1, quick2)) {
                try {
                    store.tryConsume("warm:" + (i % 64), warm, 1);
                } catch (StoreUnavailableException e) {
                    cold++;
                }
            }
        }
        report("warm-up: 500 decisions in %d ms, %d over 100 ms while cold", millisSince(warming), cold);
        long[] latencies = new long[500];
        for (int i = 0; i < latencies.length; i++) {
            long before = System.nanoTime();
            store1.tryConsume("warm:" + (i % 64), warm, 1);
            latencies[i] = System.nanoTime() - before;
        }
        Arrays.sort(latencies);
        report("one thread, 500 decisions from member 1 (owner local or remote by key): p50=%d µs p99=%d µs",
                latencies[250] / 1_000, latencies[495] / 1_000);
    }

    @BeforeEach
    void partitionsSettled() throws InterruptedException {
        // After a member joins or leaves, partitions migrate for a moment.
        long since = System.nanoTime();
        while (!member1.getPartitionService().isClusterSafe() && millisSince(since) < 10_000) {
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void shutDown() {
        for (HazelcastInstance instance : INSTANCES) {
            instance.getLifecycleService().terminate();
        }
    }

    @Test
    void admitsExactlyCapacityUnderContention() throws Exception {
        RateLimit limit = fixedWindow("hot", 500);
        Run run = hammer(16, 1_000, t -> store1, "hot:203.0.113.7", limit);
        report("16 threads x 1,000 on one member, capacity 500: %s", run);
        assertEquals(0, run.failures.get(), "no call timed out or failed");
        assertEquals(500, run.admitted.get());
    }

    @Test
    void twoMembersTogetherAdmitExactlyCapacity() throws Exception {
        RateLimit limit = fixedWindow("shared", 500);
        String key = "shared:198.51.100.1";
        Run run = hammer(16, 250, t -> t % 2 == 0 ? store1 : store2, key, limit);
        report("16 threads x 250 over two members, capacity 500: %s", run);
        assertEquals(0, run.failures.get());
        assertEquals(500, run.admitted.get());
        assertFalse(store1.tryConsume(key, limit, 1).allowed());
        assertFalse(store2.tryConsume(key, limit, 1).allowed());
    }

    @Test
    void hotKeyUnderContentionNeitherTimesOutNorLivelocks() throws Exception {
        // Every decision admits, so every one writes the bucket and its backup: the worst case.
        RateLimit limit = RateLimit.of("busy", Quota.of(1_000_000, Duration.ofDays(1_000)), RateLimitKey.clientAddress());
        String key = "busy:192.0.2.1";
        Run run = hammer(16, 300, t -> t % 2 == 0 ? quick1 : quick2, key, limit);
        report("hot key, 16 threads x 300 over two members, all admitted (timeout 100 ms): %s", run);
        // No livelock: every thread finished (hammer waits at most 60 s). Nothing lost or doubled:
        // each admitted decision took one token, and a decision given up on took at most one.
        long taken = 1_000_000 - store2.peek(key, limit, 1).remaining();
        assertEquals(4_800, run.admitted.get() + run.failures.get());
        assertTrue(taken >= run.admitted.get() && taken <= 4_800, "taken " + taken + ", " + run);
        // Bounded: no call waited much past the timeout, however busy the machine.
        assertTrue(run.maxNanos.get() < TimeUnit.SECONDS.toNanos(3), "the slowest call: " + run);
        // Contention itself adds no failures (nothing retries: the owner applies decisions in
        // turn); a retry storm or a livelock would fail nearly all. The few seen on a loaded
        // 2-vCPU machine are its stalls (p99 and max far above p50), reported above.
        assertTrue(run.failures.get() <= 480, "at most 10% over the 100 ms timeout: " + run);
    }

    @Test
    void peekNeitherTakesNorCreatesBuckets() throws Exception {
        RateLimit limit = RateLimit.of("peek", Quota.of(5, Duration.ofHours(1)), RateLimitKey.clientAddress());
        String key = "peek:" + UUID.randomUUID();
        RateLimitProbe unseen = store1.peek(key, limit, 1);
        assertEquals(new RateLimitProbe(true, 5, 0, 0), unseen);
        assertFalse(member1.getMap(HazelcastBucketStore.DEFAULT_MAP_NAME).containsKey(key), "a look creates no bucket");
        assertFalse(store1.peek(key, limit, 6).allowed());

        assertEquals(4, store1.tryConsume(key, limit, 1).remaining());
        for (int i = 0; i < 3; i++) {
            assertEquals(4, store2.peek(key, limit, 1).remaining());
        }
        assertEquals(3, store2.tryConsume(key, limit, 1).remaining());
        RateLimitProbe tooMuch = store1.peek(key, limit, 4);
        assertFalse(tooMuch.allowed());
        assertTrue(tooMuch.nanosToRetry() > 0);
    }

    @Test
    void refusedDecisionsSayWhenToRetry() throws Exception {
        RateLimit limit = RateLimit.of("retry", Quota.of(2, Duration.ofMinutes(1)), RateLimitKey.clientAddress());
        String key = "retry:" + UUID.randomUUID();
        assertTrue(store1.tryConsume(key, limit, 2).allowed());
        RateLimitProbe refused = store2.tryConsume(key, limit, 1);
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(30, refused.retryAfterSeconds());
        assertEquals(60, refused.resetSeconds());
    }

    @Test
    void idleBucketsExpireOnceRefilled() throws Exception {
        // The time to live is the time to refill completely plus a 5 s margin; Hazelcast keeps it
        // in whole seconds.
        RateLimit limit = RateLimit.of("ttl", Quota.of(10, Duration.ofHours(1)), RateLimitKey.clientAddress());
        String key = "ttl:" + UUID.randomUUID();
        store1.tryConsume(key, limit, 1);
        long now = System.currentTimeMillis();
        EntryView<String, byte[]> one = member2.<String, byte[]>getMap(HazelcastBucketStore.DEFAULT_MAP_NAME).getEntryView(key);
        report("TTL after taking 1 of 10/h: %d ms (360,000 to refill), expires in %d ms", one.getTtl(),
                one.getExpirationTime() - now);
        assertTtl(365_000, one.getTtl());
        assertTrue(Math.abs(one.getExpirationTime() - now - 365_000) < 2_000);

        store2.tryConsume(key, limit, 4);
        EntryView<String, byte[]> five = member1.<String, byte[]>getMap(HazelcastBucketStore.DEFAULT_MAP_NAME).getEntryView(key);
        assertTtl(5 * 360_000 + 5_000, five.getTtl()); // each write sets the time to live anew

        // A refused decision writes nothing, so it does not keep an emptied bucket alive longer.
        store2.tryConsume(key, limit, 5);
        assertFalse(store1.tryConsume(key, limit, 1).allowed());
        assertTtl(10 * 360_000 + 5_000, member1.<String, byte[]>getMap(HazelcastBucketStore.DEFAULT_MAP_NAME)
                .getEntryView(key).getTtl());
    }

    /** Hazelcast keeps whole seconds, and the run takes a moment: at most 2 s less than expected. */
    private static void assertTtl(long expected, long actual) {
        assertTrue(actual <= expected && actual > expected - 2_000, "TTL " + actual + " ms, expected " + expected);
    }

    @Test
    void sizeCountsTheBucketsThisMemberOwns() throws Exception {
        // A map of its own: buckets of other tests expire meanwhile.
        String mapName = "size-" + UUID.randomUUID();
        HazelcastBucketStore one = HazelcastBucketStore.builder(member1).mapName(mapName).timeout(Duration.ofSeconds(5)).build();
        HazelcastBucketStore two = HazelcastBucketStore.builder(member2).mapName(mapName).timeout(Duration.ofSeconds(5)).build();
        RateLimit limit = RateLimit.of("size", Quota.of(5, Duration.ofHours(1)), RateLimitKey.clientAddress());
        for (int i = 0; i < 20; i++) {
            one.tryConsume("size:" + i, limit, 1);
        }
        assertEquals(20, one.size() + two.size());
        assertTrue(one.size() > 0 && two.size() > 0, "each member owns some: " + one.size() + " + " + two.size());
        assertEquals(20, member1.getMap(mapName).size());
    }

    @Test
    void callerClocksFiveSecondsApartWouldHandOutFiveSecondsOfRefill() throws Exception {
        // What bucket4j does with a client-side clock (its ClientSideConfig#withClientClock) when
        // two nodes disagree: the one ahead refills what the one behind has just taken.
        RateLimit limit = RateLimit.of("skew", Quota.of(10, Duration.ofSeconds(10)), RateLimitKey.clientAddress());
        String key = "skew:" + UUID.randomUUID();
        HazelcastBucketStore behind = HazelcastBucketStore.builder(member1).callerClock(Clock.systemUTC()).build();
        HazelcastBucketStore ahead = HazelcastBucketStore.builder(member2)
                .callerClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5))).build();
        int admitted = drain(behind, key, limit, 20) + drain(ahead, key, limit, 20);
        report("caller clocks 5 s apart, capacity 10 per 10 s: %d admitted", admitted);
        assertTrue(admitted >= 14, "about 15 admitted with caller clocks, was " + admitted);

        // The same two members stamping cluster time, as the store does: the capacity. (In one JVM
        // the members' clocks agree; the next test skews one for real.)
        String exactKey = "skew:" + UUID.randomUUID();
        int exact = drain(store1, exactKey, limit, 20) + drain(store2, exactKey, limit, 20);
        assertEquals(10, exact);
    }

    @Test
    void aMemberWhoseClockIsFiveSecondsAheadHandsOutNothingExtra() throws Exception {
        RateLimit limit = skewLimit();
        String fixedKey = "skew:" + UUID.randomUUID();
        String naiveKey = "skew:" + UUID.randomUUID();
        Path stderr = Files.createTempFile("bulwark-skewed-member", ".log");
        long started = System.nanoTime();
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dcom.hazelcast.clock.offset=5000", // Hazelcast's clock on that member: 5 s ahead
                "-XX:TieredStopAtLevel=1", "-Xmx256m",
                SkewedMember.class.getName(), CLUSTER, Integer.toString(basePort))
                .redirectError(stderr.toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("EOF " + e);
            }
        }, "skewed-member-stdout");
        reader.setDaemon(true);
        reader.start();
        try (Writer toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
            String ready = awaitLine(lines, "READY", child, stderr);
            report("skewed member joined after %d ms: %s", millisSince(started), ready);
            long[] offsets = numbers(ready);
            assertTrue(Math.abs(offsets[0] - 5_000) < 100, "Hazelcast's local clock there is 5 s ahead: " + ready);
            assertTrue(Math.abs(offsets[1]) < 200, "its cluster time is not: " + ready);
            partitionsSettled();

            assertEquals(10, drain(store1, fixedKey, limit, 20));
            assertEquals(10, drain(store1, naiveKey, limit, 20));
            toChild.write("GO " + fixedKey + " " + naiveKey + "\n");
            toChild.flush();
            String result = awaitLine(lines, "RESULT", child, stderr);
            long[] admitted = numbers(result);
            report("on the member 5 s ahead, capacity 10 per 10 s already taken: cluster time admits %d,"
                    + " its own clock would admit %d", admitted[0], admitted[1]);
            assertEquals(0, admitted[0], "nothing extra with cluster time");
            assertTrue(admitted[1] >= 4, "its own clock would refill about 5: " + result);
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the skewed member stops");
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
        report("skewed-member test took %d ms", millisSince(started));
    }

    @Test
    void aClientAndAMemberTogetherAdmitExactlyCapacity() throws Exception {
        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig(CLUSTER, basePort));
        INSTANCES.add(client);
        try {
            HazelcastBucketStore viaClient = HazelcastBucketStore.builder(client).timeout(Duration.ofSeconds(5)).build();
            assertEquals(-1, viaClient.size());
            assertTrue(viaClient.toString().contains("key owner"));
            RateLimit limit = fixedWindow("client", 500);
            for (int i = 0; i < 200; i++) {
                viaClient.tryConsume("client:warm", limit, 1);
            }
            Run run = hammer(16, 250, t -> t % 2 == 0 ? viaClient : store1, "client:203.0.113.9", limit);
            report("16 threads x 250 over a client and a member, capacity 500: %s", run);
            assertEquals(0, run.failures.get());
            assertEquals(500, run.admitted.get());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aShutDownClusterMakesCallsThrowStoreUnavailableWithinTheTimeout() throws Exception {
        String cluster = "bulwark-it-down-" + UUID.randomUUID();
        int port = freePort();
        long started = System.nanoTime();
        HazelcastInstance lone = start(memberConfig(cluster, port));
        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig(cluster, port));
        INSTANCES.add(client);
        report("lone member and client started in %d ms", millisSince(started));
        try {
            HazelcastBucketStore onMember = HazelcastBucketStore.builder(lone).build();
            HazelcastBucketStore viaClient = HazelcastBucketStore.builder(client).timeout(Duration.ofMillis(300)).build();
            RateLimit limit = RateLimit.of("down", Quota.of(5, Duration.ofHours(1)), RateLimitKey.clientAddress());
            assertTrue(onMember.tryConsume("down:1", limit, 1).allowed());
            assertTrue(viaClient.tryConsume("down:1", limit, 1).allowed());

            lone.shutdown();

            for (HazelcastBucketStore store : List.of(onMember, viaClient)) {
                long before = System.nanoTime();
                StoreUnavailableException consume = assertThrows(StoreUnavailableException.class,
                        () -> store.tryConsume("down:1", limit, 1));
                long consumeMillis = millisSince(before);
                before = System.nanoTime();
                StoreUnavailableException peek = assertThrows(StoreUnavailableException.class,
                        () -> store.peek("down:1", limit, 1));
                long peekMillis = millisSince(before);
                report("after shutdown, %s: tryConsume threw in %d ms (\"%s\"), peek in %d ms", store,
                        consumeMillis, consume.getMessage(), peekMillis);
                assertTrue(consumeMillis < 1_000 && peekMillis < 1_000, "bounded by the timeout");
                assertFalse(consume.getMessage().contains("down:1"), "no key in the message");
                assertNotNull(consume.getCause());
            }
            assertEquals(-1, onMember.size());
            assertThrows(IllegalStateException.class, () -> HazelcastBucketStore.builder(lone).build());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void builderRejectsNonsense() {
        var builder = HazelcastBucketStore.builder(member1);
        assertThrows(IllegalArgumentException.class, () -> builder.timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.mapName(" "));
        assertThrows(NullPointerException.class, () -> HazelcastBucketStore.builder(null));
        RateLimit limit = RateLimit.of("args", Quota.of(5, Duration.ofHours(1)), RateLimitKey.clientAddress());
        assertThrows(IllegalArgumentException.class, () -> store1.tryConsume("args:1", limit, 0));
        Config config = new Config();
        HazelcastBucketStore.configure(HazelcastBucketStore.configure(config));
        assertEquals(4, config.getSerializationConfig().getSerializerConfigs().size(), "registered once");
    }

    // ---------------------------------------------------------------- the skewed member's side

    private static RateLimit fixedWindow(String name, long capacity) {
        // Refills all at once, an hour on: nothing trickles in however long a run takes.
        return RateLimit.builder(name).quota(new Quota(capacity, Duration.ofHours(1), Quota.Refill.INTERVAL))
                .key(RateLimitKey.clientAddress()).build();
    }

    static RateLimit skewLimit() {
        return RateLimit.of("skew", Quota.of(10, Duration.ofSeconds(10)), RateLimitKey.clientAddress());
    }

    /**
     * A member in its own JVM whose Hazelcast clock is offset (-Dcom.hazelcast.clock.offset). Prints
     * its clocks' offsets from the system clock, waits for {@code GO <key> <key>}, then tries the
     * first key through its store (cluster time) and the second through a store stamped with its
     * own Hazelcast clock, and prints how many each admitted.
     */
    static final class SkewedMember {
        public static void main(String[] args) throws Exception {
            PrintStream out = System.out;
            HazelcastInstance member = Hazelcast.newHazelcastInstance(memberConfig(args[0], Integer.parseInt(args[1])));
            try {
                long system = System.currentTimeMillis();
                long local = com.hazelcast.internal.util.Clock.currentTimeMillis();
                long cluster = member.getCluster().getClusterTime();
                out.println("READY " + (local - system) + " " + (cluster - system)
                        + " members=" + member.getCluster().getMembers().size());
                out.flush();
                Scanner in = new Scanner(System.in, StandardCharsets.UTF_8);
                String[] go = in.nextLine().split(" ");
                RateLimit limit = skewLimit();
                Duration cold = Duration.ofSeconds(5); // a fresh JVM's first calls are slow
                HazelcastBucketStore store = HazelcastBucketStore.builder(member).timeout(cold).build();
                HazelcastBucketStore ownClock = HazelcastBucketStore.builder(member).timeout(cold)
                        .callerClock(new HazelcastLocalClock()).build();
                int fixed = drain(store, go[1], limit, 20);
                int naive = drain(ownClock, go[2], limit, 20);
                out.println("RESULT " + fixed + " " + naive);
                out.flush();
            } finally {
                member.shutdown();
            }
            System.exit(0);
        }
    }

    /** This JVM's Hazelcast clock (offset by -Dcom.hazelcast.clock.offset) as a java.time.Clock. */
    private static final class HazelcastLocalClock extends Clock {
        @Override
        public long millis() {
            return com.hazelcast.internal.util.Clock.currentTimeMillis();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    // ---------------------------------------------------------------- helpers

    static Config memberConfig(String cluster, int port) {
        Config config = new Config();
        config.setClusterName(cluster);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.partition.count", "23");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // Three members and a client share this JVM on small CI machines: fewer threads each.
        config.setProperty("hazelcast.io.thread.count", "1");
        config.setProperty("hazelcast.partition.operation.thread.count", "2");
        config.setProperty("hazelcast.operation.generic.thread.count", "1");
        config.setProperty("hazelcast.event.thread.count", "1");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true).setPortCount(PORTS);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1)
                .addMember("127.0.0.1"); // without a port: the port range above is probed
        return HazelcastBucketStore.configure(config);
    }

    private static ClientConfig clientConfig(String cluster, int port) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(cluster);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        for (int p = port; p < port + PORTS; p++) {
            config.getNetworkConfig().addAddress("127.0.0.1:" + p);
        }
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(5_000);
        return HazelcastBucketStore.configure(config);
    }

    private static HazelcastInstance start(Config config) {
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
        INSTANCES.add(instance);
        return instance;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int drain(HazelcastBucketStore store, String key, RateLimit limit, int attempts)
            throws StoreUnavailableException {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            if (store.tryConsume(key, limit, 1).allowed()) {
                admitted++;
            }
        }
        return admitted;
    }

    /** What a run of concurrent decisions measured. */
    private static final class Run {
        final AtomicInteger admitted = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicLong maxNanos = new AtomicLong();
        long[] latencies;
        long elapsedNanos;

        @Override
        public String toString() {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return String.format("admitted=%d, StoreUnavailableException=%d, %d ms in all (%.0f decisions/s),"
                            + " latency p50=%d µs p99=%d µs max=%d µs",
                    admitted.get(), failures.get(), elapsedNanos / 1_000_000,
                    sorted.length / (elapsedNanos / 1e9), sorted[sorted.length / 2] / 1_000,
                    sorted[(int) (sorted.length * 0.99)] / 1_000, maxNanos.get() / 1_000);
        }
    }

    private static Run hammer(int threads, int attempts, IntFunction<HazelcastBucketStore> storeOf, String key,
            RateLimit limit) throws Exception {
        Run run = new Run();
        run.latencies = new long[threads * attempts];
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                HazelcastBucketStore store = storeOf.apply(t);
                tasks.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < attempts; i++) {
                        long before = System.nanoTime();
                        try {
                            if (store.tryConsume(key, limit, 1).allowed()) {
                                run.admitted.incrementAndGet();
                            }
                        } catch (StoreUnavailableException e) {
                            run.failures.incrementAndGet();
                        }
                        long took = System.nanoTime() - before;
                        run.latencies[thread * attempts + i] = took;
                        run.maxNanos.accumulateAndGet(took, Math::max);
                    }
                    return null;
                }));
            }
            long started = System.nanoTime();
            go.countDown();
            for (Future<?> task : tasks) {
                task.get(60, TimeUnit.SECONDS); // a livelock would end here
            }
            run.elapsedNanos = System.nanoTime() - started;
        } finally {
            pool.shutdownNow();
        }
        return run;
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix, Process child, Path stderr)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && !child.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("the skewed member never printed " + prefix + "; its stderr:\n" + tail(stderr));
    }

    private static String tail(Path file) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long[] numbers(String line) {
        return Arrays.stream(line.split(" ")).skip(1).filter(s -> s.matches("-?\\d+"))
                .mapToLong(Long::parseLong).toArray();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void report(String format, Object... args) {
        System.out.println("[HazelcastBucketStoreIT] " + String.format(format, args));
    }
}
