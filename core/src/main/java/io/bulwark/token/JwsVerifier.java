package io.bulwark.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a compact JWS whose payload is not a JWT (a webhook signature, a signed document) and
 * returns the payload bytes. It shares everything but the claims with {@link TokenVerifier}: the
 * strict parsing (compact only, canonical base64url, strict JSON header), the algorithm allow-list,
 * key selection by algorithm, key type, curve and {@code kid}, the keys screened when their set is
 * loaded, the signature shape checks and same-{@code kid} rotation of remote keys.
 *
 * <pre>{@code
 * JwsVerifier webhooks = JwsVerifier.builder()
 *         .keys(KeySource.remoteJwks(URI.create("https://payments.example.com/.well-known/jwks.json")))
 *         .algorithms("ES256")
 *         .build();
 * try {
 *     byte[] body = webhooks.verify(request.header("X-Signature"));
 * } catch (TokenRejectedException e) {
 *     e.reason();                       // BAD_SIGNATURE, UNKNOWN_KEY, MALFORMED, ...
 * }
 * }</pre>
 *
 * <p>A {@code crit} header or an unencoded payload (RFC 7797, {@code b64: false}) is refused;
 * {@code jku}, {@code x5u}, {@code jwk} and {@code x5c} headers are never used. Immutable and
 * thread-safe: build one and share it.
 */
public final class JwsVerifier {

    private final KeyResolver keys;
    private final Set<JWSAlgorithm> algorithms;
    private final int maxLength;

    private JwsVerifier(KeyResolver keys, Set<JWSAlgorithm> algorithms, int maxLength) {
        this.keys = keys;
        this.algorithms = algorithms;
        this.maxLength = maxLength;
    }

    /** A builder for a verifier. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies a compact JWS.
     *
     * @param compactJws {@code header.payload.signature}
     * @return the payload, decoded (a copy: the caller may change it)
     * @throws TokenRejectedException with the reason, if the JWS is not accepted
     */
    public byte[] verify(String compactJws) throws TokenRejectedException {
        Objects.requireNonNull(compactJws, "compactJws");
        if (compactJws.length() > maxLength) {
            throw new TokenRejectedException(RejectionReason.TOO_LARGE);
        }
        StrictJws jws = StrictJws.parse(compactJws);
        JWSHeader header = jws.header();
        if (!algorithms.contains(header.getAlgorithm())) {
            throw new TokenRejectedException(RejectionReason.ALGORITHM_NOT_ALLOWED);
        }
        if (StrictJws.hasUnsupportedExtensions(header)) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        SignatureCheck.verify(keys, jws);
        return jws.payload();
    }

    @Override
    public String toString() {
        return "JwsVerifier[algorithms=" + algorithms + ", maxLength=" + maxLength + "]";
    }

    /** Builds a {@link JwsVerifier}: name the keys; the rest has safe defaults. */
    public static final class Builder {
        private @Nullable KeySource keys;
        private @Nullable Set<JWSAlgorithm> algorithms;
        private int maxLength = 64 * 1024;

        private Builder() {
        }

        /**
         * The trusted keys.
         *
         * @param keys where the keys come from
         * @return this builder
         */
        public Builder keys(KeySource keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * The algorithm allow-list, e.g. {@code "ES256"}. By default every algorithm the keys fit:
         * RS/PS, ES and EdDSA for public keys, HS256/384/512 only for HMAC secrets long enough.
         *
         * @param names JWS algorithm names
         * @return this builder
         */
        public Builder algorithms(String... names) {
            this.algorithms = Algorithms.allowList(names);
            return this;
        }

        /**
         * The longest JWS accepted, in characters (default 64 KiB); longer ones are refused before
         * any parsing.
         *
         * @param length between 256 and 16 MiB
         * @return this builder
         */
        public Builder maxLength(int length) {
            if (length < 256 || length > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("maxLength must be between 256 and 16777216, was " + length);
            }
            this.maxLength = length;
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return the verifier
         * @throws IllegalStateException if no keys are set, or the allow-list leaves the keys no algorithm
         */
        public JwsVerifier build() {
            if (keys == null) {
                throw new IllegalStateException("Name the trusted keys with keys(KeySource)");
            }
            KeyResolver resolver = keys.newResolver();
            Set<JWSAlgorithm> usable = new LinkedHashSet<>(resolver.algorithms());
            usable.retainAll(algorithms == null ? Algorithms.union(Algorithms.ASYMMETRIC, Algorithms.HMAC) : algorithms);
            if (usable.isEmpty()) {
                throw new IllegalStateException("The algorithm allow-list leaves no algorithm that the keys ("
                        + keys + ") can verify");
            }
            return new JwsVerifier(resolver, Set.copyOf(usable), maxLength);
        }
    }
}
