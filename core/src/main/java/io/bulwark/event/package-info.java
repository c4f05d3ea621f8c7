/**
 * Security events: what went wrong, for whom and where, delivered to
 * {@link io.bulwark.event.SecurityEventListener}s off the request's thread, each listener through a
 * bounded mailbox of its own; {@link io.bulwark.event.Slf4jSecurityEventLogger} writes them through
 * SLF4J by default, within a budget of lines per kind. Events carry a token fingerprint, never a
 * token, and printable, bounded text ({@link io.bulwark.event.LogText}).
 */
@NullMarked
package io.bulwark.event;

import org.jspecify.annotations.NullMarked;
