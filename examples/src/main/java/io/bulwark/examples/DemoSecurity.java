package io.bulwark.examples;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.Bulwark;
import io.bulwark.EndpointPolicy;
import io.bulwark.ratelimit.BucketStore;
import io.bulwark.ratelimit.ClientAddressResolver;
import io.bulwark.ratelimit.EndpointLimit;
import io.bulwark.ratelimit.LocalBucketStore;
import io.bulwark.ratelimit.RateLimit;
import io.bulwark.ratelimit.RateLimitKey;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.ratelimit.RedisBucketStore;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenVerifier;
import io.bulwark.validation.InputLimits;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The demo's {@link Bulwark}, built from its {@link DemoConfig}, and in development mode the key
 * that signs its tokens. Both demo servers (Jersey and Jetty) share it, so they behave alike.
 */
public final class DemoSecurity implements AutoCloseable {

    /** The name of the per-address limit every {@code /api} endpoint carries. */
    public static final String PER_IP = "per-ip";
    /** The name of the per-subject limit every authenticated endpoint carries. */
    public static final String PER_USER = "per-user";
    /** The largest request body the demo reads: 10 KB. */
    public static final int MAX_BODY_BYTES = 10 * 1024;

    private final DemoConfig config;
    private final Bulwark bulwark;
    private final Optional<TokenIssuer> issuer;
    private final Optional<JWK> developmentKey;
    private final BucketStore store;

    /**
     * Builds the demo's security.
     *
     * @param config the configuration
     */
    public DemoSecurity(DemoConfig config) {
        this.config = config;
        KeySource keys;
        if (config.developmentMode()) {
            JWK key = DevelopmentKeys.generate("ES256");
            developmentKey = Optional.of(key);
            issuer = Optional.of(TokenIssuer.builder(key).issuer(config.issuer()).audience(config.audience())
                    .lifetime(Duration.ofHours(1)).build());
            keys = KeySource.jwkSet(new JWKSet(key.toPublicJWK()));
        } else {
            developmentKey = Optional.empty();
            issuer = Optional.empty();
            keys = KeySource.remoteJwks(config.jwksUri().orElseThrow());
        }
        store = config.redisUri().<BucketStore>map(uri -> RedisBucketStore.builder(uri).keyPrefix("bulwark-demo:").build())
                .orElseGet(() -> LocalBucketStore.builder().build());
        bulwark = Bulwark.builder()
                .tokenVerifier(TokenVerifier.builder().trust(config.issuer(), keys).audience(config.audience()).build())
                .realm("bulwark-demo")
                .clientAddressResolver(ClientAddressResolver.builder()
                        .trustedProxies(config.trustedProxies().toArray(String[]::new)).build())
                .rateLimiter(RateLimiter.builder()
                        .store(store)
                        .limit(RateLimit.of(PER_IP, config.ipLimit(), RateLimitKey.clientAddress()))
                        .limit(RateLimit.of(PER_USER, config.userLimit(), RateLimitKey.subject()))
                        .build())
                .inputLimits(InputLimits.builder().maxBodyBytes(MAX_BODY_BYTES).build())
                .build();
    }

    /** The Bulwark both demo servers share. */
    public Bulwark bulwark() {
        return bulwark;
    }

    /** The configuration. */
    public DemoConfig config() {
        return config;
    }

    /** Whether the demo signs its own tokens. */
    public boolean developmentMode() {
        return issuer.isPresent();
    }

    /**
     * A development-mode token.
     *
     * @param subject the {@code sub}
     * @param scopes the scopes
     * @param roles the roles
     * @return the signed token
     * @throws IllegalStateException in production mode
     */
    public String issue(String subject, Collection<String> scopes, Collection<String> roles) {
        return issuer.orElseThrow(() -> new IllegalStateException("tokens are only issued in development mode"))
                .issue(subject, scopes, roles);
    }

    /** The development key's public JWK set, as JSON; empty in production mode. */
    public Optional<String> jwkSetJson() {
        return developmentKey.map(key -> new JWKSet(key.toPublicJWK()).toString());
    }

    /** The policy of a public {@code /api} endpoint: the per-address limit only. */
    public static EndpointPolicy publicApi() {
        return EndpointPolicy.permitAll().withRateLimits(List.of(EndpointLimit.named(PER_IP)));
    }

    /** Releases the Redis connection, if any. */
    @Override
    public void close() {
        if (store instanceof RedisBucketStore redis) {
            redis.close();
        }
    }
}
