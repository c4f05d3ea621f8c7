package io.bulwark.ratelimit;

import io.bulwark.SecurityRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Finds the address of the client behind a request: the key of every per-client rate limit, so a
 * client must not be able to choose it. Built once, immutable and thread-safe.
 *
 * <pre>{@code
 * // the default: no proxy is trusted, forwarding headers are ignored, the peer is the client
 * ClientAddressResolver direct = ClientAddressResolver.direct();
 *
 * // behind load balancers in 10.0.0.0/8 that append to X-Forwarded-For
 * ClientAddressResolver behindProxies = ClientAddressResolver.builder()
 *         .trustedProxies("10.0.0.0/8", "2001:db8::/32")
 *         .forwardingHeader(ClientAddressResolver.ForwardingHeader.X_FORWARDED_FOR)
 *         .groupIpv6By64(true)
 *         .build();
 * String client = behindProxies.resolve(request);   // e.g. "203.0.113.9" or "2001:db8:1:2::/64"
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ol>
 * <li>With no trusted proxies (the default) the {@linkplain SecurityRequest#remoteAddress() remote
 *     address} is the client and {@code Forwarded} and {@code X-Forwarded-For} are not even read: any
 *     client can write them.</li>
 * <li>When the peer is not a trusted proxy, it is the client, and the headers are ignored.</li>
 * <li>When the peer is a trusted proxy, the forwarding chain is read from the right (the hop nearest to
 *     us, appended by our own proxy) to the left. Hops that are trusted proxies are skipped; the first
 *     hop that is not is the client. Everything to its left was written by the client or by proxies we
 *     do not know, so it is never consulted. If every hop is trusted, the leftmost one is the
 *     client.</li>
 * <li>When a hop that must be read is not an IP literal — {@code unknown}, an obfuscated identifier
 *     such as {@code _hidden} (RFC 7239 §6.2, §6.3), a {@code Forwarded} element without {@code for},
 *     a host name, garbage — the walk stops and the last trusted address seen (the nearest address
 *     known) is the client. Text that did not parse as an address is never returned.</li>
 * </ol>
 *
 * <h2>Which header</h2>
 * <p>{@link ForwardingHeader#X_FORWARDED_FOR} is the default: most load balancers and reverse proxies
 * append to {@code X-Forwarded-For} only and pass a client's own {@code Forwarded} header through
 * unchanged, so reading {@code Forwarded} behind them would let a client choose its address.
 * <strong>Name the header your proxies write</strong>: {@link ForwardingHeader#FORWARDED} for RFC 7239
 * proxies, or {@link ForwardingHeader#PREFER_FORWARDED}, which reads {@code Forwarded} when the
 * request has it and {@code X-Forwarded-For} only when it does not (the two are never merged, since
 * nothing says how their hops interleave).
 *
 * <h2>Syntax</h2>
 * <p>{@code Forwarded} elements are {@code pair *( ";" pair )}, separated by commas (RFC 7239 §4); the
 * {@code for} value is a token or quoted-string holding an IPv4 literal or a bracketed IPv6 literal,
 * either with an optional port ({@code for="[2001:db8::1]:4711"}, §6). {@code X-Forwarded-For} is a
 * comma-separated list of literals (ports and brackets are accepted there too). Several lines of one
 * header are read as one list, in order (RFC 9110 §5.3). Empty list elements are skipped (RFC 9110
 * §5.6.1). IPv4 must be a dotted quad of four decimal parts without leading zeros: {@code 010.0.0.1},
 * {@code 10.1} and {@code 0x0a.0.0.1} mean different addresses to different parsers and are
 * malformed. Nothing here resolves a name through DNS.
 *
 * <h2>Bounded work</h2>
 * <p>At most {@value #MAX_HOPS} hops and the last {@value #MAX_CHAIN_CHARS} characters of a chain
 * (counted from the right, one more per separator and per header line) are examined. A chain that needs
 * more counts as malformed at that point: the last trusted address seen is the client. Reading from
 * the right means a client that pads the left of a header still gets its own address, not the
 * proxy's; a hostile header costs at most a few microseconds.
 *
 * <h2>What comes out</h2>
 * <p>A canonical literal: IPv4 as a dotted quad; IPv6 in the RFC 5952 §4 form (lower case, shortest,
 * no brackets, no zone id); an IPv4-mapped address ({@code ::ffff:192.0.2.1}) as its IPv4 address.
 * With {@link Builder#groupIpv6By64(boolean)}, an IPv6 client is its {@code /64} network in CIDR
 * notation ({@code 2001:db8:1:2::/64}), since one subscriber usually holds a whole {@code /64}
 * (RFC 6177 §3). The one exception: a remote address the container reports that is not an IP literal
 * at all (a Unix-domain socket, say) is returned unchanged and is never a trusted proxy.
 */
public final class ClientAddressResolver {

    /** The most hops of a forwarding chain that are examined. */
    public static final int MAX_HOPS = 20;

    /** The most characters of a forwarding chain that are examined, counted from the right. */
    public static final int MAX_CHAIN_CHARS = 4096;

    private static final ClientAddressResolver DIRECT =
            new ClientAddressResolver(new IpRange[0], false, ForwardingHeader.X_FORWARDED_FOR);

    /** Which forwarding header the trusted proxies write. */
    public enum ForwardingHeader {
        /**
         * RFC 7239 {@code Forwarded} when the request has one, otherwise {@code X-Forwarded-For}; never
         * both. Safe only when the proxies rewrite or drop whichever of the two they do not append to.
         */
        PREFER_FORWARDED,
        /** Only RFC 7239 {@code Forwarded}; {@code X-Forwarded-For} is ignored. */
        FORWARDED,
        /** Only {@code X-Forwarded-For}; {@code Forwarded} is ignored. */
        X_FORWARDED_FOR
    }

    private final IpRange[] trustedProxies;
    private final boolean groupIpv6By64;
    private final ForwardingHeader forwardingHeader;

    private ClientAddressResolver(IpRange[] trustedProxies, boolean groupIpv6By64,
            ForwardingHeader forwardingHeader) {
        this.trustedProxies = trustedProxies;
        this.groupIpv6By64 = groupIpv6By64;
        this.forwardingHeader = forwardingHeader;
    }

    /**
     * The default resolver: no proxy is trusted, forwarding headers are ignored, the remote address is
     * the client, IPv6 addresses are not grouped.
     *
     * @return the shared instance
     */
    public static ClientAddressResolver direct() {
        return DIRECT;
    }

    /**
     * Starts a resolver. With no call to {@link Builder#trustedProxies(String...)} it behaves as
     * {@link #direct()}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The client's address for a request, by the rules of the class comment. Never throws on any
     * header content.
     *
     * @param request the request
     * @return the client's canonical address (or its {@code /64} network)
     */
    public String resolve(SecurityRequest request) {
        Objects.requireNonNull(request, "request");
        String remote = request.remoteAddress();
        if (trustedProxies.length == 0) {
            return direct(remote);
        }
        byte[] peer = IpLiterals.parseRemote(remote);
        if (peer == null) {
            return remote;
        }
        if (!isTrusted(peer)) {
            return print(peer);
        }
        if (forwardingHeader != ForwardingHeader.X_FORWARDED_FOR) {
            List<String> forwarded = request.headers("Forwarded");
            if (!forwarded.isEmpty() || forwardingHeader == ForwardingHeader.FORWARDED) {
                return print(walk(forwarded, true, peer));
            }
        }
        return print(walk(request.headers("X-Forwarded-For"), false, peer));
    }

    /**
     * The client's address from the parts of a request that matter, for callers without a
     * {@link SecurityRequest}.
     *
     * @param remoteAddress the peer's address, as the container reports it
     * @param forwarded every line of the {@code Forwarded} header, in order; empty when absent
     * @param xForwardedFor every line of the {@code X-Forwarded-For} header, in order; empty when absent
     * @return the client's canonical address (or its {@code /64} network)
     */
    public String resolve(String remoteAddress, List<String> forwarded, List<String> xForwardedFor) {
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(forwarded, "forwarded");
        Objects.requireNonNull(xForwardedFor, "xForwardedFor");
        if (trustedProxies.length == 0) {
            return direct(remoteAddress);
        }
        byte[] peer = IpLiterals.parseRemote(remoteAddress);
        if (peer == null) {
            return remoteAddress;
        }
        if (!isTrusted(peer)) {
            return print(peer);
        }
        boolean useForwarded = switch (forwardingHeader) {
            case PREFER_FORWARDED -> !forwarded.isEmpty();
            case FORWARDED -> true;
            case X_FORWARDED_FOR -> false;
        };
        return print(useForwarded ? walk(forwarded, true, peer) : walk(xForwardedFor, false, peer));
    }

    /**
     * Whether a request reached the first trusted hop over HTTPS: it came over TLS itself, or its peer
     * is a trusted proxy whose own forwarding header says {@code https} — the last element of
     * {@code Forwarded}'s {@code proto=} or the last value of {@code X-Forwarded-Proto}, following
     * {@link #forwardingHeader()}. An untrusted peer's claims are ignored, as its forwarding headers
     * are.
     *
     * @param request the request
     * @return whether the client's connection was secure
     */
    public boolean isSecure(SecurityRequest request) {
        if (request.secure()) {
            return true;
        }
        if (trustedProxies.length == 0) {
            return false;
        }
        byte[] peer = IpLiterals.parseRemote(request.remoteAddress());
        if (peer == null || !isTrusted(peer)) {
            return false;
        }
        if (forwardingHeader != ForwardingHeader.X_FORWARDED_FOR) {
            List<String> forwarded = request.headers("Forwarded");
            if (!forwarded.isEmpty() || forwardingHeader == ForwardingHeader.FORWARDED) {
                if (forwarded.isEmpty()) {
                    return false;
                }
                String line = forwarded.get(forwarded.size() - 1);
                int start = ForwardingHeaderSyntax.elementStart(line, line.length(),
                        Math.max(0, line.length() - MAX_CHAIN_CHARS), true);
                return start >= 0 && ForwardingHeaderSyntax.forwardedProtoIsHttps(line, start, line.length());
            }
        }
        List<String> proto = request.headers("X-Forwarded-Proto");
        if (proto.isEmpty()) {
            return false;
        }
        String line = proto.get(proto.size() - 1);
        int start = line.lastIndexOf(',') + 1;
        return ForwardingHeaderSyntax.isHttps(line, start, line.length());
    }

    /**
     * The trusted proxies, in the order they were given, without duplicates.
     *
     * @return the ranges; empty for {@link #direct()}
     */
    public List<IpRange> trustedProxies() {
        return List.of(trustedProxies);
    }

    /**
     * Whether IPv6 clients are reported as their {@code /64} network.
     *
     * @return whether addresses are grouped
     */
    public boolean groupsIpv6By64() {
        return groupIpv6By64;
    }

    /**
     * Which forwarding header is read when the peer is a trusted proxy.
     *
     * @return the header choice
     */
    public ForwardingHeader forwardingHeader() {
        return forwardingHeader;
    }

    /**
     * The configuration, for logs.
     *
     * @return e.g. {@code ClientAddressResolver[trustedProxies=[10.0.0.0/8], ...]}
     */
    @Override
    public String toString() {
        return "ClientAddressResolver[trustedProxies=" + trustedProxies() + ", forwardingHeader="
                + forwardingHeader + ", groupIpv6By64=" + groupIpv6By64 + ']';
    }

    private String direct(String remote) {
        if (IpLiterals.isIpv4(remote, 0, remote.length())) {
            return remote; // a strict dotted quad is already canonical: no bytes, no copy
        }
        byte[] peer = IpLiterals.parseRemote(remote);
        return peer == null ? remote : print(peer);
    }

    /**
     * Walks a chain from the right. {@code nearest} is the last trusted address seen: the peer first,
     * then each trusted hop.
     */
    private byte[] walk(List<String> lines, boolean forwardedSyntax, byte[] peer) {
        byte[] nearest = peer;
        int budget = MAX_CHAIN_CHARS;
        int hops = 0;
        for (int l = lines.size() - 1; l >= 0; l--) {
            String line = lines.get(l);
            int end = line.length();
            while (true) {
                int start = ForwardingHeaderSyntax.elementStart(line, end, Math.max(0, end - budget),
                        forwardedSyntax);
                if (start < 0) {
                    return nearest; // the budget is spent before this element's start
                }
                budget -= end - start + 1;
                int from = start;
                int to = end;
                while (from < to && isWhiteSpace(line.charAt(from))) {
                    from++;
                }
                while (to > from && isWhiteSpace(line.charAt(to - 1))) {
                    to--;
                }
                if (from < to) { // RFC 9110 §5.6.1: empty list elements are skipped
                    if (++hops > MAX_HOPS) {
                        return nearest;
                    }
                    byte[] hop = forwardedSyntax
                            ? ForwardingHeaderSyntax.forwardedFor(line, from, to)
                            : ForwardingHeaderSyntax.node(line, from, to);
                    if (hop == null) {
                        return nearest;
                    }
                    if (!isTrusted(hop)) {
                        return hop;
                    }
                    nearest = hop;
                }
                if (start == 0) {
                    break;
                }
                end = start - 1;
            }
            if (budget <= 0) {
                return nearest;
            }
        }
        return nearest;
    }

    private boolean isTrusted(byte[] address) {
        for (IpRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private String print(byte[] address) {
        if (groupIpv6By64 && address.length == 16) {
            byte[] network = address.clone();
            for (int i = 8; i < 16; i++) {
                network[i] = 0;
            }
            return IpLiterals.format(network) + "/64";
        }
        return IpLiterals.format(address);
    }

    private static boolean isWhiteSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** Builds a {@link ClientAddressResolver}; each setter checks its argument. */
    public static final class Builder {

        private final List<IpRange> trustedProxies = new ArrayList<>();
        private boolean groupIpv6By64;
        private ForwardingHeader forwardingHeader = ForwardingHeader.X_FORWARDED_FOR;

        private Builder() {
        }

        /**
         * Trusts the proxies in these ranges to append the address they received a request from to the
         * forwarding header. Adds to earlier calls. List only your own proxies: a trusted address can
         * name any client it likes.
         *
         * @param ranges CIDR ranges or single addresses, e.g. {@code "10.0.0.0/8"}, {@code "2001:db8::/32"},
         *     {@code "192.0.2.10"}
         * @return this builder
         * @throws IllegalArgumentException if a range does not parse (the message quotes it and says what
         *     to write instead)
         */
        public Builder trustedProxies(String... ranges) {
            Objects.requireNonNull(ranges, "ranges");
            return trustedProxies(List.of(ranges));
        }

        /**
         * Trusts the proxies in these ranges; see {@link #trustedProxies(String...)}.
         *
         * @param ranges CIDR ranges or single addresses
         * @return this builder
         * @throws IllegalArgumentException if a range does not parse
         */
        public Builder trustedProxies(Collection<String> ranges) {
            Objects.requireNonNull(ranges, "ranges");
            List<IpRange> parsed = new ArrayList<>(ranges.size());
            for (String range : ranges) {
                Objects.requireNonNull(range, "trustedProxies must not contain null");
                try {
                    parsed.add(IpRange.parse(range));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("trustedProxies: " + e.getMessage(), e);
                }
            }
            for (IpRange range : parsed) {
                if (!trustedProxies.contains(range)) {
                    trustedProxies.add(range);
                }
            }
            return this;
        }

        /**
         * Whether to report an IPv6 client as its {@code /64} network (default {@code false}). A
         * subscriber usually holds a whole {@code /64} (RFC 6177 §3) and can rotate through its
         * 2<sup>64</sup> addresses at will, so per-address limits on IPv6 are easy to evade.
         *
         * @param group whether to group
         * @return this builder
         */
        public Builder groupIpv6By64(boolean group) {
            this.groupIpv6By64 = group;
            return this;
        }

        /**
         * Which forwarding header the trusted proxies write (default
         * {@link ForwardingHeader#X_FORWARDED_FOR}). Name the one your proxies append to when they pass
         * the other through from the client.
         *
         * @param header the header choice
         * @return this builder
         */
        public Builder forwardingHeader(ForwardingHeader header) {
            this.forwardingHeader = Objects.requireNonNull(header, "forwardingHeader");
            return this;
        }

        /**
         * The resolver.
         *
         * @return an immutable, thread-safe resolver
         */
        public ClientAddressResolver build() {
            return new ClientAddressResolver(trustedProxies.toArray(new IpRange[0]), groupIpv6By64,
                    forwardingHeader);
        }
    }
}
