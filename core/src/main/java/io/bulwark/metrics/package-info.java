/**
 * Micrometer metrics of a {@link io.bulwark.Bulwark}: {@link io.bulwark.metrics.BulwarkMetrics}
 * binds security events, token verification, the verified-token cache and the rate-limit store
 * to any {@code MeterRegistry}. Micrometer is an optional dependency: only this package needs it.
 */
@NullMarked
package io.bulwark.metrics;

import org.jspecify.annotations.NullMarked;
