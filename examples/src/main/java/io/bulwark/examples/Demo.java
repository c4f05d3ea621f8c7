package io.bulwark.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The demo: one protected API on a real server, {@code jaxrs} (Jersey) or {@code servlet} (Jetty
 * with {@code BulwarkFilter}), configured by environment variables (see {@link DemoConfig}). Beside the
 * API it serves {@code GET /health} and, when Micrometer's Prometheus registry is on the classpath,
 * {@code GET /metrics} (see {@link DemoMetrics}); it logs through logback ({@code logback.xml}).
 *
 * <pre>
 * java -jar examples/target/bulwark-examples.jar jaxrs     # or: servlet
 * </pre>
 */
public final class Demo {

    // Held: java.util.logging keeps loggers weakly, and a collected one forgets its level.
    private static final java.util.logging.Logger JERSEY_LOG = java.util.logging.Logger.getLogger("org.glassfish.jersey");

    private Demo() {
    }

    /**
     * Starts the demo and serves until the process is stopped.
     *
     * @param args {@code jaxrs} (the default) or {@code servlet}
     */
    public static void main(String[] args) throws InterruptedException {
        // Jersey reports optional providers it did not find (JAXB, activation) as warnings: not news here.
        JERSEY_LOG.setLevel(java.util.logging.Level.SEVERE);
        String mode = args.length == 0 ? "jaxrs" : args[0];
        RunningDemo demo;
        try {
            demo = start(mode, DemoConfig.from(System.getenv()), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("bulwark-demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "bulwark-demo-shutdown"));
        stopped.await();
    }

    /**
     * Starts a demo server.
     *
     * @param mode {@code jaxrs} or {@code servlet}
     * @param config the configuration
     * @param out where the start-up lines go
     * @return the running server
     * @throws IllegalArgumentException for an unknown mode
     */
    public static RunningDemo start(String mode, DemoConfig config, PrintStream out) {
        String which = mode.toLowerCase(Locale.ROOT);
        if (!which.equals("jaxrs") && !which.equals("servlet")) {
            throw new IllegalArgumentException("the demo runs as jaxrs or servlet, not " + mode.replaceAll("\\p{Cntrl}", "?"));
        }
        DemoSecurity security = new DemoSecurity(config);
        // Bound before the server starts, so /metrics counts every event from the first request on.
        DemoApi api = new DemoApi(security.bulwark(), DemoMetrics.prometheus(security.bulwark()));
        RunningDemo server;
        try {
            server = which.equals("jaxrs") ? JaxrsDemo.start(security, api, config.port())
                    : ServletDemo.start(security, api, config.port());
        } catch (RuntimeException e) {
            security.close();
            throw e;
        }
        String base = "http://127.0.0.1:" + server.port();
        if (security.developmentMode()) {
            out.println("*** DEVELOPMENT MODE *** This demo made its own signing key and issues tokens to anyone at");
            out.println("    POST " + base + "/dev/tokens. Never expose it. Set BULWARK_JWKS_URI, BULWARK_ISSUER and");
            out.println("    BULWARK_AUDIENCE to verify real tokens instead.");
        }
        out.println("Bulwark demo (" + which + ") — " + config);
        out.println("Listening on " + base);
        if (security.developmentMode()) {
            String token = security.issue("demo", List.of("orders:read", "orders:write"), List.of());
            out.println("Try it (a token for subject \"demo\" with orders:read and orders:write, valid for an hour):");
            out.println("  curl -H 'Authorization: Bearer " + token + "' " + base + "/api/me");
        }
        out.flush();
        return new RunningDemo() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                try {
                    server.close();
                } finally {
                    security.close();
                }
            }
        };
    }
}
