package io.bulwark.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The annotated text must be an absolute URL with an allowed scheme and a host, and (unless
 * {@link #allowPrivateHosts()}) a host that is not loopback, link-local, private, unspecified or
 * multicast. {@code null} is valid.
 *
 * <pre>{@code
 * public record Webhook(@SafeUrl String callback) {}                          // https, public hosts
 * public record Profile(@SafeUrl(schemes = {"http", "https"}, allowPrivateHosts = true) String homepage) {}
 * }</pre>
 *
 * <p>The value is parsed by {@link java.net.URI} and must be:
 * <ul>
 *   <li>ASCII, at most {@link #maxLength()} characters, without whitespace or control characters
 *       (an internationalized host goes in its {@code xn--} form, other characters percent-encoded);</li>
 *   <li>absolute and hierarchical, with a scheme from {@link #schemes()} (compared ignoring case)
 *       and a host: {@code javascript:}, {@code data:} and {@code mailto:} URIs never pass, nor
 *       does anything {@code java.net.URI} cannot read a host from;</li>
 *   <li>without user information ({@code https://trusted.example@evil.example/}): it carries
 *       credentials and makes links lie about their host;</li>
 *   <li>with a port, if any, from 1 to 65535;</li>
 *   <li>when its host ends in a number, exactly four decimal parts without leading zeros. The
 *       other spellings of an IPv4 address that browsers and {@code inet_aton} accept —
 *       {@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}, {@code 127.1} — are refused
 *       outright: nothing legitimate needs them, and they exist to slip past checks. They are still
 *       parsed into the address they stand for, and IPv6 literals are read with their embedded
 *       IPv4 forms ({@code [::ffff:127.0.0.1]}); zone identifiers ({@code [fe80::1%25eth0]}) are
 *       refused.</li>
 * </ul>
 *
 * <p>When private hosts are refused (the default), these are refused too: the names
 * {@code localhost} and {@code *.localhost} (RFC 6761), {@code *.local} (RFC 6762),
 * {@code *.home.arpa} (RFC 8375) and {@code *.internal}, and names of one label
 * ({@code https://intranet/}, {@code http://metadata/}), which resolvers complete with the local
 * search domain; IPv4 0.0.0.0/8, 10/8, 100.64/10,
 * 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.168/16, 198.18/15, 224/4 and 240/4 (multicast,
 * reserved, broadcast); IPv6 {@code ::}, {@code ::1}, fc00::/7, fe80::/10, fec0::/10, ff00::/8,
 * and IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses whose
 * IPv4 address is refused.
 *
 * <p><b>DNS names are not resolved.</b> A public name may resolve to a private address, now or
 * after the check (DNS rebinding): a server that fetches the URL must check the address it
 * actually connects to. This constraint keeps out what can be seen in the text.
 *
 * <p>Private hosts are refused by default because the constraint cannot know whether the server
 * will fetch the URL (a webhook, an avatar) — refusing costs a link to an intranet host, allowing
 * costs server-side request forgery. The value is ASCII, so Unicode normalization leaves it alone.
 */
@Documented
@Constraint(validatedBy = SafeUrlValidator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface SafeUrl {

    /**
     * The allowed schemes, compared ignoring case.
     *
     * @return the schemes; {@code https} only by default
     */
    String[] schemes() default {"https"};

    /**
     * Whether hosts that are loopback, link-local, private, unspecified or multicast (and the
     * local names) are allowed.
     *
     * @return false by default: such hosts are refused
     */
    boolean allowPrivateHosts() default false;

    /**
     * The largest length of the URL, in characters.
     *
     * @return the limit; 2048 by default
     */
    int maxLength() default 2048;

    /**
     * The message of a violation; a fixed text that never contains the rejected value.
     *
     * @return the message
     */
    String message() default "must be a URL with an allowed scheme and host";

    /**
     * The validation groups this constraint belongs to.
     *
     * @return the groups
     */
    Class<?>[] groups() default {};

    /**
     * Payload for clients of the Bean Validation API.
     *
     * @return the payload
     */
    Class<? extends Payload>[] payload() default {};
}
