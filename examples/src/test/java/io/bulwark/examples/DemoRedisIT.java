package io.bulwark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bulwark.ratelimit.RedisServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code BULWARK_REDIS_URI}: two demo processes — one on Jersey, one on Jetty — keep their limits in
 * one real redis-server, so together they admit what one would.
 */
class DemoRedisIT {

    @RegisterExtension
    static final RedisServerProcess REDIS = new RedisServerProcess();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void demosSharingRedisShareTheirLimits() throws Exception {
        Map<String, String> env = Map.of("PORT", "0", "BULWARK_IP_LIMIT", "4/PT1M", "BULWARK_REDIS_URI", REDIS.uri());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (RunningDemo jersey = Demo.start("jaxrs", DemoConfig.from(env), quiet);
                RunningDemo jetty = Demo.start("servlet", DemoConfig.from(env), quiet)) {
            int[] ports = {jersey.port(), jetty.port()};
            int admitted = 0;
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> ping = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports[i % 2] + "/api/ping")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ping.statusCode() == 200) {
                    admitted++;
                } else {
                    assertEquals(429, ping.statusCode(), ping.body());
                }
            }
            assertEquals(4, admitted, "4 per minute for 127.0.0.1, whichever process answers");
        }
    }
}
