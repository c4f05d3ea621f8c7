package io.bulwark.examples;

import static io.bulwark.examples.MetricsScrape.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the demo gives an operator, on both servers over real HTTP: {@code GET /metrics} in the
 * Prometheus text format, counting denials and token work; no {@code /metrics} when the Prometheus
 * registry is not on the classpath; log lines that share a request id with Bulwark's security events
 * and never hold a token.
 */
class DemoMonitoringIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {"jaxrs", "servlet"})
    void countsDenialsByKindAndReasonAndTheTokenWorkOnMetrics(String mode) throws Exception {
        try (RunningDemo demo = Demo.start(mode, DemoConfig.from(Map.of("PORT", "0", "BULWARK_USER_LIMIT", "3/PT1M")),
                quiet)) {
            String base = "http://127.0.0.1:" + demo.port();
            String alice = token(base, "alice", "orders:read");
            String forged = forge(alice, "mallory", "orders:read orders:write");

            assertEquals(401, get(base + "/api/me", null).statusCode());
            assertEquals(401, get(base + "/api/me", null).statusCode());
            assertEquals(401, get(base + "/api/me", "not.a.token").statusCode());
            assertEquals(401, get(base + "/api/me", forged).statusCode());
            for (int i = 0; i < 3; i++) {
                assertEquals(200, get(base + "/api/me", alice).statusCode());
            }
            assertEquals(429, get(base + "/api/me", alice).statusCode());

            MetricsScrape scrape = MetricsScrape.await(http, base, Map.of(
                    events("authentication_failed", "missing_token"), 2.0,
                    events("authentication_failed", "malformed"), 1.0,
                    events("authentication_failed", "bad_signature"), 1.0,
                    events("rate_limited", DemoSecurity.PER_USER), 1.0));
            scrape.assertPrometheusText();
            scrape.assertValues(Map.of(
                    events("authentication_failed", "missing_token"), 2.0,
                    events("authentication_failed", "malformed"), 1.0,
                    events("authentication_failed", "bad_signature"), 1.0,
                    events("rate_limited", DemoSecurity.PER_USER), 1.0,
                    // Verified in full: the malformed token, the forged one, alice's first; her other three hit the cache.
                    "bulwark_token_verification_seconds_count", 3.0,
                    "bulwark_token_cache_requests_total{result=\"miss\"}", 3.0,
                    "bulwark_token_cache_requests_total{result=\"hit\"}", 3.0,
                    "bulwark_token_cache_hit_ratio", 0.5,
                    "bulwark_token_cache_size", 1.0,
                    // Buckets: 127.0.0.1's per-ip, alice's per-user.
                    "bulwark_ratelimit_store_keys", 2.0));
            scrape.assertValues(Map.of("bulwark_ratelimit_store_failures_total", 0.0,
                    "bulwark_security_events_dropped_total", 0.0));
            assertTrue(scrape.value("bulwark_token_verification_seconds_sum") > 0, scrape.response().body());
            // Those four and no other: admissions raise no event.
            assertEquals(Set.of(events("authentication_failed", "missing_token"), events("authentication_failed", "malformed"),
                            events("authentication_failed", "bad_signature"), events("rate_limited", DemoSecurity.PER_USER)),
                    scrape.samples().keySet().stream().filter(series -> series.startsWith("bulwark_security_events_total{"))
                            .collect(Collectors.toSet()),
                    scrape.response().body());

            // Public and unlimited, like /health; and nothing in it a caller sent.
            assertFalse(scrape.response().headers().firstValue("RateLimit-Policy").isPresent(),
                    scrape.response().headers().map().toString());
            String body = scrape.response().body();
            for (String secret : List.of(alice, forged, "not.a.token", alice.substring(alice.lastIndexOf('.') + 1),
                    "alice", "mallory", "127.0.0.1", "/api/me")) {
                assertFalse(body.contains(secret), secret + " in\n" + body);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jaxrs", "servlet"})
    void servesNoMetricsWithoutThePrometheusRegistry(String mode) throws Exception {
        ClassLoader withoutPrometheus = new WithoutPrometheus(DemoMonitoringIT.class.getClassLoader());
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName(DemoMetrics.PROMETHEUS_REGISTRY, false, withoutPrometheus));
        Class<?> demoClass = withoutPrometheus.loadClass(Demo.class.getName());
        assertSame(withoutPrometheus, demoClass.getClassLoader());
        Class<?> configClass = withoutPrometheus.loadClass(DemoConfig.class.getName());
        Object config = configClass.getMethod("from", Map.class).invoke(null, Map.of("PORT", "0"));

        try (AutoCloseable demo = (AutoCloseable) demoClass.getMethod("start", String.class, configClass, PrintStream.class)
                .invoke(null, mode, config, quiet)) {
            int port = (int) withoutPrometheus.loadClass(RunningDemo.class.getName()).getMethod("port").invoke(demo);
            String base = "http://127.0.0.1:" + port;
            assertEquals(404, get(base + "/metrics", null).statusCode());
            assertEquals(200, get(base + "/api/ping", null).statusCode());
            assertEquals(200, get(base + "/health", null).statusCode());
            assertEquals(401, get(base + "/api/me", null).statusCode());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jaxrs", "servlet"})
    void logsTheApplicationsLinesAndSecurityEventsWithOneRequestIdAndNoToken(String mode) throws Exception {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> capture = captureLikeTheConsole(logged);
        List<String> tokens = new ArrayList<>();
        try (RunningDemo demo = Demo.start(mode, DemoConfig.from(Map.of("PORT", "0")), quiet)) {
            String base = "http://127.0.0.1:" + demo.port();
            String bob = token(base, "bob", "orders:write");
            tokens.add(bob);
            tokens.add(forge(bob, "mallory", "orders:write"));

            assertEquals(201, post(base + "/api/orders", bob, "{\"item\":\"Blue mug\",\"quantity\":2}").statusCode());
            assertEquals(400, post(base + "/api/orders", bob, "{\"item\":\"<b>mug</b>\",\"quantity\":0}").statusCode());
            assertEquals(401, post(base + "/api/orders", tokens.get(1), "{\"item\":\"Cup\",\"quantity\":1}").statusCode());

            // The application's lines carry the request id from the MDC...
            String created = awaitLine(logged, Pattern.compile(
                    "^\\S+ INFO +\\[([0-9a-f]{16})\\] io\\.bulwark\\.examples\\.DemoApi - order=\"1\" quantity=\"2\" +Order created$"));
            String refused = awaitLine(logged, Pattern.compile(
                    "^\\S+ INFO +\\[([0-9a-f]{16})\\] io\\.bulwark\\.examples\\.DemoApi - fields=\"\\[item, quantity\\]\" +Order refused$"));
            String createdId = requestId(created);
            String refusedId = requestId(refused);
            assertNotEquals(createdId, refusedId);
            // ...and Bulwark's event about the same request names it as request_id.
            awaitLine(logged, Pattern.compile("^\\S+ INFO +\\[\\] io\\.bulwark\\.security - kind=\"INPUT_REJECTED\" "
                    + "reason=\"invalid_input\" .*request_id=\"" + refusedId + "\" subject=\"bob\" +Bulwark security event$"));
            // A forged token is logged by its fingerprint, never itself.
            awaitLine(logged, Pattern.compile("^\\S+ WARN +\\[\\] io\\.bulwark\\.security - kind=\"AUTHENTICATION_FAILED\" "
                    + "reason=\"bad_signature\" .*endpoint=\"POST /api/orders\" .*token=\"[A-Za-z0-9_-]+\" +Bulwark security event$"));
        } finally {
            detach(capture);
        }
        String text = logged.toString(StandardCharsets.UTF_8);
        for (String token : tokens) {
            assertFalse(text.contains(token), text);
            assertFalse(text.contains(token.substring(token.lastIndexOf('.') + 1)), text);
            assertFalse(text.contains(token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'))), text);
        }
        assertFalse(text.contains("<b>mug</b>") || text.contains("Blue mug"), text);
    }

    /**
     * A second appender on the root logger, with the encoder pattern of the demo's own console
     * appender (logback.xml): the lines as the console shows them, into a buffer.
     */
    private static OutputStreamAppender<ILoggingEvent> captureLikeTheConsole(ByteArrayOutputStream into) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Encoder<ILoggingEvent> console = ((OutputStreamAppender<ILoggingEvent>) root.getAppender("CONSOLE")).getEncoder();
        String pattern = ((PatternLayoutEncoder) console).getPattern();
        assertTrue(pattern.contains("%X{bulwark.request_id}") && pattern.contains("%kvp"), pattern);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setName("demo-monitoring-it");
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(into);
        appender.start();
        root.addAppender(appender);
        return appender;
    }

    private static void detach(OutputStreamAppender<ILoggingEvent> appender) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
    }

    /** Waits up to 10 s for a line matching the pattern: security events are logged off the request thread. */
    private static String awaitLine(ByteArrayOutputStream logged, Pattern line) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            for (String candidate : logged.toString(StandardCharsets.UTF_8).split("\\R")) {
                if (line.matcher(candidate).matches()) {
                    return candidate;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no line matches " + line + " in\n" + logged.toString(StandardCharsets.UTF_8));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static String requestId(String line) {
        Matcher id = Pattern.compile("\\[([0-9a-f]{16})\\]").matcher(line);
        assertTrue(id.find(), line);
        return id.group(1);
    }

    /** The token with its claims replaced and its signature kept: what an attacker who edits a token sends. */
    private static String forge(String token, String subject, String scope) throws Exception {
        String[] parts = token.split("\\.");
        Map<String, Object> claims = JSONObjectUtils.parse(new Base64URL(parts[1]).decodeToString());
        claims.put("sub", subject);
        claims.put("scope", scope);
        return parts[0] + "." + Base64URL.encode(JSONObjectUtils.toJSONString(claims)) + "." + parts[2];
    }

    private String token(String base, String subject, String scope) throws Exception {
        HttpResponse<String> response = post(base + "/dev/tokens", null,
                JSONObjectUtils.toJSONString(Map.of("sub", subject, "scope", scope, "roles", List.of())));
        assertEquals(200, response.statusCode(), response.body());
        return (String) JSONObjectUtils.parse(response.body()).get("access_token");
    }

    private HttpResponse<String> get(String uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String uri, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The classpath without Micrometer's Prometheus registry and the Prometheus client: the demo's
     * own classes are defined here again, from the same bytes, so that what they load comes through
     * this loader; everything else is the parent's, except the hidden packages, which are not found.
     */
    private static final class WithoutPrometheus extends ClassLoader {
        private static final List<String> HIDDEN = List.of("io.micrometer.prometheusmetrics.", "io.prometheus.");
        private static final String DEMO = "io.bulwark.examples.";

        WithoutPrometheus(ClassLoader parent) {
            super("without-prometheus", parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (HIDDEN.stream().anyMatch(name::startsWith)) {
                throw new ClassNotFoundException(name);
            }
            if (!name.startsWith(DEMO)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    byte[] bytes;
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        bytes = in.readAllBytes();
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                    loaded = defineClass(name, bytes, 0, bytes.length);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        public URL getResource(String name) {
            return hidden(name) ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return hidden(name) ? Collections.emptyEnumeration() : super.getResources(name);
        }

        private static boolean hidden(String resource) {
            return HIDDEN.stream().anyMatch(prefix -> resource.startsWith(prefix.replace('.', '/')));
        }
    }
}
