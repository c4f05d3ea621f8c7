package io.bulwark.examples;

import io.bulwark.Bulwark;
import io.bulwark.metrics.BulwarkMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: {@link BulwarkMetrics} on Micrometer's Prometheus registry, scraped in the
 * Prometheus text format. The only class of the demo that names a Prometheus type; {@link DemoMetrics}
 * loads it once it has found the registry on the classpath.
 */
final class PrometheusEndpoint implements Supplier<Reply> {

    /** The text format's media type, as the Prometheus library names it: {@value}. */
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusMeterRegistry registry;

    private PrometheusEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A new registry with the Bulwark's meters bound to it, counting events from now on.
     *
     * @param bulwark the demo's Bulwark
     * @return what answers {@code GET /metrics}, typed so that callers name no Prometheus class
     */
    static Supplier<Reply> bind(Bulwark bulwark) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new BulwarkMetrics(bulwark).bindTo(registry);
        return new PrometheusEndpoint(registry);
    }

    /** 200 with the scrape, in the format its content type names. */
    @Override
    public Reply get() {
        return new Reply(200, CONTENT_TYPE, registry.scrape(CONTENT_TYPE), Map.of());
    }

    @Override
    public String toString() {
        return "PrometheusEndpoint[" + registry.getClass().getSimpleName() + "]";
    }
}
