package io.bulwark.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import io.bulwark.health.ComponentHealth;
import io.bulwark.health.HealthStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the JWK set through OpenID Connect Discovery 1.0 §4 on first use, then delegates to a
 * remote key resolver. A failed discovery is retried at most once per re-fetch interval.
 */
final class DiscoveryKeyResolver implements KeyResolver {

    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryKeyResolver.class);

    private final String issuer;
    private final RemoteJwksOptions options;
    private final DefaultResourceRetriever retriever;
    private volatile @Nullable KeyResolver delegate;
    private volatile @Nullable Failure lastFailure;
    private long nextAttemptNanos = System.nanoTime();

    /** A failed discovery: the cause's class name and when (epoch millis). */
    private record Failure(String name, long atMillis) {
    }

    DiscoveryKeyResolver(String issuer, RemoteJwksOptions options) {
        this.issuer = issuer;
        this.options = options;
        this.retriever = KeySource.retriever(options);
    }

    @Override
    public Set<JWSAlgorithm> algorithms() {
        return Algorithms.ASYMMETRIC;
    }

    @Override
    public List<JWSVerifier> verifiers(JWSHeader header) throws TokenRejectedException {
        KeyResolver resolved = delegate;
        if (resolved == null) {
            resolved = discover();
        }
        return resolved.verifiers(header);
    }

    @Override
    public List<JWSVerifier> rotatedVerifiers(JWSHeader header) throws TokenRejectedException {
        KeyResolver resolved = delegate;
        return resolved == null ? List.of() : resolved.rotatedVerifiers(header);
    }

    /**
     * Once discovered, the health of the JWK set found; before, {@code UNKNOWN} until a discovery
     * fails, then {@code DOWN}: no key can be had until it succeeds.
     */
    @Override
    public ComponentHealth health(String name) {
        KeyResolver resolved = delegate;
        if (resolved != null) {
            return resolved.health(name);
        }
        Failure failure = lastFailure;
        Map<String, String> details = new LinkedHashMap<>();
        details.put(KeySetHealth.SOURCE, KeySource.DISCOVERY);
        details.put(KeySetHealth.KEYS_CACHED, "0");
        if (failure == null) {
            return new ComponentHealth(name, HealthStatus.UNKNOWN, details);
        }
        details.put("lastFailure", failure.name());
        details.put("lastFailureAt", Instant.ofEpochMilli(failure.atMillis()).toString());
        return new ComponentHealth(name, HealthStatus.DOWN, details);
    }

    private synchronized KeyResolver discover() throws TokenRejectedException {
        KeyResolver resolved = delegate;
        if (resolved != null) {
            return resolved;
        }
        long now = System.nanoTime();
        if (now - nextAttemptNanos < 0) {
            throw new TokenRejectedException(RejectionReason.KEY_SOURCE_UNAVAILABLE);
        }
        nextAttemptNanos = now + options.minRefetchInterval().toNanos();
        try {
            URL jwksUri = jwksUri();
            resolved = KeySource.remoteResolver(jwksUri, options, KeySource.DISCOVERY);
            delegate = resolved;
            return resolved;
        } catch (IOException | ParseException | IllegalArgumentException e) {
            lastFailure = new Failure(KeySetHealth.failureName(e), System.currentTimeMillis());
            LOG.atWarn().addKeyValue("issuer", issuer).addKeyValue("error", e.getClass().getSimpleName())
                    .log("OpenID Connect discovery failed; tokens of this issuer are refused until it succeeds");
            throw new TokenRejectedException(RejectionReason.KEY_SOURCE_UNAVAILABLE);
        }
    }

    private URL jwksUri() throws IOException, ParseException {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        Resource document = retriever.retrieveResource(new URL(base + "/.well-known/openid-configuration"));
        Map<String, Object> metadata = JSONObjectUtils.parse(document.getContent());
        // OpenID Connect Discovery 1.0 §4.3: the issuer in the document must equal the one asked for.
        if (!issuer.equals(JSONObjectUtils.getString(metadata, "issuer"))) {
            throw new IllegalArgumentException("The discovery document names another issuer");
        }
        String jwks = JSONObjectUtils.getString(metadata, "jwks_uri");
        if (jwks == null) {
            throw new IllegalArgumentException("The discovery document has no jwks_uri");
        }
        return KeySource.httpUrl(URI.create(jwks), "jwks_uri");
    }
}
