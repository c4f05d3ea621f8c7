/**
 * HTML sanitizing on the OWASP Java HTML Sanitizer.
 *
 * <p>{@link io.bulwark.sanitize.HtmlSanitizer} applies one policy: a built-in
 * {@link io.bulwark.sanitize.HtmlPolicy} ({@code TEXT}, {@code BASIC}, {@code RICH}) or a custom
 * OWASP policy that Bulwark has checked at construction. It has two modes: {@code sanitize}
 * returns clean HTML, {@code check} reports what sanitizing would remove
 * ({@link io.bulwark.sanitize.HtmlCheck}), for rejecting input instead of repairing it.
 *
 * <p>No policy, built-in or custom, may let text live inside {@code style}, {@code script},
 * {@code noscript}, {@code noembed}, {@code noframes}, {@code iframe} or {@code comment}: that is
 * where the OWASP sanitizer's bypasses live (CVE-2025-66021 and the reports after it). Plain text
 * takes a fast path that skips the parser and gives exactly the parser's output.
 */
@NullMarked
package io.bulwark.sanitize;

import org.jspecify.annotations.NullMarked;
