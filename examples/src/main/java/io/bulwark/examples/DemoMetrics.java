package io.bulwark.examples;

import io.bulwark.Bulwark;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the demo serves {@code GET /metrics}: only when Micrometer's Prometheus registry is on the
 * classpath. The registry is looked for by name, and {@link PrometheusEndpoint} — the one class
 * that names Prometheus types — is loaded only once it is found, so a build without the registry's
 * jars still runs and answers 404 on {@code /metrics}.
 */
final class DemoMetrics {

    /** The class whose presence turns {@code /metrics} on (its package since Micrometer 1.13). */
    static final String PROMETHEUS_REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

    private static final Logger LOG = LoggerFactory.getLogger(DemoMetrics.class);

    private DemoMetrics() {
    }

    /**
     * Binds the Bulwark's meters to a new Prometheus registry, if the registry is on the classpath.
     *
     * @param bulwark the demo's Bulwark
     * @return what answers {@code GET /metrics}; empty without the registry
     */
    static Optional<Supplier<Reply>> prometheus(Bulwark bulwark) {
        try {
            // Not initialized: only whether it (and Micrometer, its superclass's jar) can be loaded.
            Class.forName(PROMETHEUS_REGISTRY, false, DemoMetrics.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.atInfo().addKeyValue("missing", PROMETHEUS_REGISTRY)
                    .log("No Prometheus registry on the classpath: GET /metrics is not served");
            return Optional.empty();
        }
        return Optional.of(PrometheusEndpoint.bind(bulwark));
    }
}
