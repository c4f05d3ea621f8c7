package io.bulwark.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.bulwark.health.ComponentHealth;
import io.bulwark.health.HealthStatus;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HazelcastBucketStore#health()} on a real embedded member of a private cluster and a client
 * of it: up while the cluster answers, down once it is shut down, never an exception.
 */
class HazelcastBucketStoreHealthIT {

    private HazelcastInstance member;
    private HazelcastInstance client;

    @AfterEach
    void shutDown() {
        if (client != null) {
            client.shutdown();
        }
        if (member != null) {
            member.getLifecycleService().terminate();
        }
    }

    @Test
    void isUpWhileTheClusterAnswersAndDownOnceItIsShutDown() throws Exception {
        String cluster = "bulwark-health-it-" + UUID.randomUUID();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        member = Hazelcast.newHazelcastInstance(HazelcastBucketStoreIT.memberConfig(cluster, port));
        client = HazelcastClient.newHazelcastClient(clientConfig(cluster, port));
        HazelcastBucketStore onMember = HazelcastBucketStore.builder(member).timeout(Duration.ofSeconds(5)).build();
        HazelcastBucketStore viaClient = HazelcastBucketStore.builder(client).timeout(Duration.ofMillis(300)).build();
        RateLimit limit = RateLimit.of("health", Quota.of(5, Duration.ofHours(1)), RateLimitKey.clientAddress());
        onMember.tryConsume("health:203.0.113.1", limit, 1);

        ComponentHealth memberUp = onMember.health();
        ComponentHealth clientUp = viaClient.health();

        assertEquals(HealthStatus.UP, memberUp.status(), memberUp.toString());
        assertEquals("rate-limit-store", memberUp.name());
        assertEquals("HazelcastBucketStore", memberUp.details().get("store"));
        assertEquals("member", memberUp.details().get("mode"));
        assertEquals("1", memberUp.details().get("members"));
        assertEquals("1", memberUp.details().get("buckets"));
        assertEquals(HealthStatus.UP, clientUp.status(), clientUp.toString());
        assertEquals("client", clientUp.details().get("mode"));
        assertEquals("1", clientUp.details().get("members"));
        assertFalse(clientUp.details().containsKey("buckets"), "a client owns no bucket");
        assertEquals(1, member.getMap(HazelcastBucketStore.DEFAULT_MAP_NAME).size(), "one bucket: the checks wrote nothing");

        member.shutdown();

        for (HazelcastBucketStore store : new HazelcastBucketStore[] {onMember, viaClient}) {
            long before = System.nanoTime();
            ComponentHealth down = store.health();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            assertEquals(HealthStatus.DOWN, down.status(), down.toString());
            assertTrue(down.details().containsKey("failure"), down.toString());
            assertTrue(tookMillis < 2_000, "bounded by the timeout: " + tookMillis + " ms");
            assertFalse(down.toString().contains("127.0.0.1"), down.toString());
        }
    }

    private static ClientConfig clientConfig(String cluster, int port) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(cluster);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        for (int p = port; p < port + 6; p++) {
            config.getNetworkConfig().addAddress("127.0.0.1:" + p);
        }
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(5_000);
        return HazelcastBucketStore.configure(config);
    }
}
