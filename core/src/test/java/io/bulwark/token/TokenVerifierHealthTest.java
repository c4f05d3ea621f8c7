package io.bulwark.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import io.bulwark.health.ComponentHealth;
import io.bulwark.health.HealthStatus;
import io.bulwark.health.SecurityHealth;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TokenVerifier#health()} for keys given at build time: always up, and never a key in sight. */
class TokenVerifierHealthTest {

    @Test
    void staticKeySourcesAreUpWithTheirKeyCount() throws Exception {
        JWK first = DevelopmentKeys.generate("ES256");
        JWK second = DevelopmentKeys.generate("RS256");
        OctetSequenceKey secret = (OctetSequenceKey) DevelopmentKeys.generate("HS256");
        TokenVerifier verifier = TokenVerifier.builder()
                .trust("https://c.example.test", KeySource.jwkSet(new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK()))))
                .trust("https://a.example.test", KeySource.publicKey(((ECKey) first).toECPublicKey()))
                .trust("https://b.example.test", KeySource.hmacSecret(secret.toByteArray()))
                .audience("orders-api")
                .build();

        List<ComponentHealth> health = verifier.health();

        assertEquals(List.of(
                new ComponentHealth("keys:https://a.example.test", HealthStatus.UP,
                        Map.of("source", "public key", "keysCached", "1")),
                new ComponentHealth("keys:https://b.example.test", HealthStatus.UP,
                        Map.of("source", "HMAC secret", "keysCached", "1")),
                new ComponentHealth("keys:https://c.example.test", HealthStatus.UP,
                        Map.of("source", "static JWK set", "keysCached", "2"))), health);
    }

    @Test
    void namesTheKeysOfAnyIssuerWithAStar() {
        TokenVerifier verifier = TokenVerifier.builder()
                .trustAnyIssuer(KeySource.jwkSet(new JWKSet(DevelopmentKeys.generate("ES256").toPublicJWK())))
                .acceptAnyAudience()
                .build();

        assertEquals(List.of("keys:*"), verifier.health().stream().map(ComponentHealth::name).toList());
    }

    @Test
    void neverShowsKeyMaterialOrSecrets() throws Exception {
        OctetSequenceKey secret = (OctetSequenceKey) DevelopmentKeys.generate("HS512");
        ECKey ec = (ECKey) DevelopmentKeys.generate("ES256");
        TokenVerifier verifier = TokenVerifier.builder()
                .trust("https://hmac.example.test", KeySource.hmacSecret(secret.toByteArray()))
                .trust("https://ec.example.test", KeySource.jwkSet(new JWKSet(ec)))
                .audience("orders-api")
                .build();

        String json = SecurityHealth.of(verifier.health()).toJson();
        String text = json + verifier.health();

        byte[] bytes = secret.toByteArray();
        for (String form : List.of(secret.getKeyValue().toString(), Base64.getEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), HexFormat.of().formatHex(bytes),
                ec.getX().toString(), ec.getY().toString(), ec.getD().toString())) {
            assertFalse(text.contains(form.substring(0, 16)), "key material in the health report: " + text);
        }
    }
}
