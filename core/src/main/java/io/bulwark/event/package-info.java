/**
 * Security events: what went wrong, for whom and where, delivered to
 * {@link io.bulwark.event.SecurityEventListener}s; {@link io.bulwark.event.Slf4jSecurityEventLogger}
 * writes them through SLF4J by default. Events carry a token fingerprint, never a token.
 */
@NullMarked
package io.bulwark.event;

import org.jspecify.annotations.NullMarked;
