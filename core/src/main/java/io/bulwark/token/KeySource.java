package io.bulwark.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where an issuer's verification keys come from.
 *
 * <pre>{@code
 * KeySource.remoteJwks(URI.create("https://login.example.com/.well-known/jwks.json"));
 * KeySource.discovery("https://login.example.com");   // OpenID Connect discovery
 * KeySource.jwkSet(Path.of("keys.json"));
 * KeySource.publicKey(rsaPublicKey);
 * KeySource.hmacSecret(secretBytes);                   // 256 bits or more
 * }</pre>
 *
 * <p>Keys are only ever taken from here: {@code jku}, {@code x5u}, {@code x5c} and {@code jwk}
 * headers of a token are never used to find a key and never fetched. Immutable; each
 * {@link TokenVerifier} built with a source gets its own caches.
 */
public final class KeySource {

    /** The health detail {@code source} of a remote JWK set named directly. */
    static final String REMOTE_JWK_SET = "remote JWK set";
    /** The health detail {@code source} of a JWK set found by OpenID Connect discovery. */
    static final String DISCOVERY = "OpenID Connect discovery";

    private final String description;
    private final Supplier<KeyResolver> resolvers;

    private KeySource(String description, Supplier<KeyResolver> resolvers) {
        this.description = description;
        this.resolvers = resolvers;
    }

    /**
     * A remote JWK set, with the {@linkplain RemoteJwksOptions#defaults() default} options.
     *
     * @param jwksUri an {@code http} or {@code https} URL
     * @return the source
     */
    public static KeySource remoteJwks(URI jwksUri) {
        return remoteJwks(jwksUri, RemoteJwksOptions.defaults());
    }

    /**
     * A remote JWK set, fetched and cached by nimbus's {@code JWKSourceBuilder} as the options say.
     * Only asymmetric keys (RSA, EC, Ed25519) from a remote set are used.
     *
     * @param jwksUri an {@code http} or {@code https} URL
     * @param options timeouts, size limit, caching, rate limit, outage tolerance and retry
     * @return the source
     */
    public static KeySource remoteJwks(URI jwksUri, RemoteJwksOptions options) {
        URL url = httpUrl(jwksUri, "jwksUri");
        Objects.requireNonNull(options, "options");
        return new KeySource("remote JWK set " + jwksUri, () -> remoteResolver(url, options, REMOTE_JWK_SET));
    }

    /**
     * Keys found by OpenID Connect discovery: {@code <issuer>/.well-known/openid-configuration}
     * names the {@code jwks_uri}. A document whose {@code issuer} differs from the given one is
     * refused. Discovery happens on first use and is retried, at most once per
     * {@link RemoteJwksOptions#minRefetchInterval()}, until it succeeds.
     *
     * @param issuer the issuer identifier, an {@code http} or {@code https} URL
     * @return the source
     */
    public static KeySource discovery(String issuer) {
        return discovery(issuer, RemoteJwksOptions.defaults());
    }

    /**
     * Keys found by OpenID Connect discovery, with the given options for both the discovery
     * document and the JWK set it names.
     *
     * @param issuer the issuer identifier, an {@code http} or {@code https} URL
     * @param options timeouts, size limit, caching, rate limit, outage tolerance and retry
     * @return the source
     */
    public static KeySource discovery(String issuer, RemoteJwksOptions options) {
        Objects.requireNonNull(issuer, "issuer");
        httpUrl(URI.create(issuer), "issuer");
        Objects.requireNonNull(options, "options");
        return new KeySource("OpenID Connect discovery of " + issuer,
                () -> new DiscoveryKeyResolver(issuer, options));
    }

    /**
     * A static JWK set given as JSON text ({@code {"keys": [...]}}). Private parts are dropped.
     *
     * @param json the JWK set document
     * @return the source
     * @throws IllegalArgumentException if the text is not a JWK set
     */
    public static KeySource jwkSet(String json) {
        Objects.requireNonNull(json, "json");
        try {
            return jwkSet(JWKSet.parse(json));
        } catch (ParseException e) {
            throw new IllegalArgumentException("The JWK set is not valid JSON or holds an invalid key", e);
        }
    }

    /**
     * A static JWK set read once from a file.
     *
     * @param file a JWK set document
     * @return the source
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if the file is not a JWK set
     */
    public static KeySource jwkSet(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return jwkSet(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the JWK set file " + file, e);
        }
    }

    /**
     * A static JWK set. Private parts of asymmetric keys are dropped; symmetric ({@code oct})
     * keys serve HS256/384/512 only when they are long enough for the algorithm.
     *
     * <p>Each key is checked here, once, and a refused one is logged (reason code, {@code kid} and
     * key type; never key material) and never used: keys marked for encryption by {@code use} or
     * {@code key_ops}, a declared {@code alg} that does not fit the key, RSA under 2048 bits, with
     * a public exponent below 3 or even, or a ROCA-vulnerable modulus, EC points off their curve,
     * HMAC secrets shorter than their algorithm's output, and several keys under one {@code kid}
     * that type and algorithm cannot tell apart. A key's own {@code alg} binds it to that algorithm.
     * Remote sets are checked the same way on every fetch.
     *
     * @param keys the keys
     * @return the source
     * @throws IllegalArgumentException if the set holds no usable key, or mixes secrets with public keys
     */
    public static KeySource jwkSet(JWKSet keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("The JWK set holds no keys");
        }
        List<JWK> verificationKeys = keys.getKeys().stream()
                .map(key -> key instanceof OctetSequenceKey ? key : key.toPublicJWK())
                .toList();
        boolean secrets = verificationKeys.stream().anyMatch(OctetSequenceKey.class::isInstance);
        if (secrets && !verificationKeys.stream().allMatch(OctetSequenceKey.class::isInstance)) {
            // A set that mixes secrets with public keys invites algorithm confusion: keep HMAC
            // secrets and public keys in separate sources (separate issuers or verifiers).
            throw new IllegalArgumentException("The JWK set mixes secret (oct) keys with public keys; "
                    + "give HMAC secrets and public keys separate key sources");
        }
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        for (JWK key : verificationKeys) {
            algorithms.addAll(Algorithms.forKey(key));
        }
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException(
                    "The JWK set holds no usable key (RSA, EC P-256/384/521, Ed25519, or a secret of 256 bits or more)");
        }
        String description = "static JWK set of " + verificationKeys.size() + " keys";
        // Checked once, here: refused keys are logged and dropped, and tokens naming them are
        // rejected as signed with an unknown key.
        JWKSet set = new JWKSet(JwkSetScreen.screen(verificationKeys, true, description));
        Set<JWSAlgorithm> fixed = Set.copyOf(algorithms);
        KeySetHealth health = KeySetHealth.fixed("static JWK set", set.size());
        return new KeySource(description, () -> new JwkKeyResolver(new ImmutableJWKSet<>(set), fixed, false, health));
    }

    /**
     * A single public key: RSA (2048 bits or more), EC P-256/384/521, or Ed25519. It verifies
     * tokens whatever their {@code kid}.
     *
     * @param key the public key
     * @return the source
     */
    public static KeySource publicKey(PublicKey key) {
        Objects.requireNonNull(key, "key");
        JWK jwk;
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < Algorithms.MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA keys must have at least " + Algorithms.MIN_RSA_BITS + " bits");
            }
            jwk = new RSAKey.Builder(rsa).build();
        } else if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null || Algorithms.forCurve(curve) == null) {
                throw new IllegalArgumentException("EC keys must be on P-256, P-384 or P-521");
            }
            jwk = new ECKey.Builder(curve, ec).build();
        } else if (key instanceof EdECPublicKey ed) {
            if (!"Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
                throw new IllegalArgumentException("EdDSA keys must be Ed25519");
            }
            jwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Ed25519Keys.rawPublic(ed))).build();
        } else {
            throw new IllegalArgumentException("Unsupported public key type: " + key.getAlgorithm());
        }
        JWKSet set = new JWKSet(jwk);
        Set<JWSAlgorithm> algorithms = Algorithms.forKey(jwk);
        KeySetHealth health = KeySetHealth.fixed("public key", 1);
        return new KeySource("single " + key.getAlgorithm() + " public key",
                () -> new JwkKeyResolver(new ImmutableJWKSet<>(set), algorithms, true, health));
    }

    /**
     * An HMAC secret for HS256 (and HS384/HS512 when it is at least 48/64 bytes long). It
     * verifies tokens whatever their {@code kid}. The array is copied.
     *
     * @param secret at least 32 bytes (256 bits), as RFC 7518 §3.2 requires for HS256
     * @return the source
     * @throws IllegalArgumentException if the secret is shorter than 256 bits
     */
    public static KeySource hmacSecret(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < Algorithms.MIN_HMAC_BYTES) {
            throw new IllegalArgumentException("HMAC secrets must be at least 256 bits (32 bytes), was "
                    + secret.length * 8 + " bits");
        }
        OctetSequenceKey jwk = new OctetSequenceKey.Builder(secret.clone()).build();
        JWKSet set = new JWKSet(jwk);
        Set<JWSAlgorithm> algorithms = Algorithms.hmacFor(secret.length);
        KeySetHealth health = KeySetHealth.fixed("HMAC secret", 1);
        return new KeySource("HMAC secret of " + secret.length * 8 + " bits",
                () -> new JwkKeyResolver(new ImmutableJWKSet<>(set), algorithms, true, health));
    }

    /** A new resolver with its own caches, for one verifier. */
    KeyResolver newResolver() {
        return resolvers.get();
    }

    /**
     * @param sourceKind what the health check calls the source: {@link #REMOTE_JWK_SET} or {@link #DISCOVERY}
     */
    static KeyResolver remoteResolver(URL url, RemoteJwksOptions options, String sourceKind) {
        DefaultResourceRetriever retriever = retriever(options);
        // Keys are screened as each set is fetched, beneath nimbus's cache, rate limit and outage
        // tolerance, which stay nimbus's own.
        JWKSetSource<SecurityContext> fetched = new JwkSetScreen.ScreenedSource(
                new URLBasedJWKSetSource<>(url, retriever), "remote JWK set " + url);
        // Health is what nimbus reports as it fetches (health reports, outage and cache events):
        // nothing is fetched to answer a health check.
        RemoteKeySetHealth health = new RemoteKeySetHealth(sourceKind, options);
        JWKSource<SecurityContext> source = JWKSourceBuilder.create(fetched)
                .cache(options.cacheTimeToLive().toMillis(), options.refreshTimeout().toMillis())
                .refreshAheadCache(options.refreshAhead().toMillis(), false, health::onCacheEvent)
                .rateLimited(options.minRefetchInterval().toMillis())
                .outageTolerant(options.outageTolerance().toMillis(), health::onOutage)
                .retrying(options.retry())
                .healthReporting(health::onHealthReport)
                .build();
        JWKSetSource<SecurityContext> refreshable =
                source instanceof JWKSetBasedJWKSource<SecurityContext> based ? based.getJWKSetSource() : null;
        return new JwkKeyResolver(source, Algorithms.ASYMMETRIC, false, refreshable, health);
    }

    static DefaultResourceRetriever retriever(RemoteJwksOptions options) {
        return new DefaultResourceRetriever(Math.toIntExact(options.connectTimeout().toMillis()),
                Math.toIntExact(options.readTimeout().toMillis()), options.sizeLimitBytes());
    }

    static URL httpUrl(URI uri, String name) {
        Objects.requireNonNull(uri, name);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an absolute http or https URL, was " + uri);
        }
        try {
            return uri.toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(name + " is not a valid URL: " + uri, e);
        }
    }

    /** Describes the source without any key material. */
    @Override
    public String toString() {
        return "KeySource[" + description + "]";
    }
}
