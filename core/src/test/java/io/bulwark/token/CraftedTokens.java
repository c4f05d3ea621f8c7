package io.bulwark.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Builds tokens outside {@link TokenIssuer}: with claims or headers it would never write, with
 * any key (weak ones included), or byte by byte for attacks.
 */
final class CraftedTokens {

    static final String ISSUER = "https://login.example.test";
    static final String AUDIENCE = "orders-api";
    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private CraftedTokens() {
    }

    /** Claims {@link TokenIssuer} would write at {@link #T0}: iss, sub alice, aud, iat, exp, jti. */
    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("alice")
                .audience(AUDIENCE)
                .issueTime(Date.from(T0))
                .expirationTime(Date.from(T0.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** The header {@link TokenIssuer} would write for the key: its alg, its kid, typ at+jwt. */
    static JWSHeader.Builder header(JWK key) {
        return new JWSHeader.Builder(algorithmOf(key)).keyID(key.getKeyID()).type(new JOSEObjectType("at+jwt"));
    }

    static JWSAlgorithm algorithmOf(JWK key) {
        return JWSAlgorithm.parse(key.getAlgorithm().getName());
    }

    static String sign(JWK key, JWTClaimsSet claims) {
        return sign(key, header(key).build(), claims);
    }

    static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** Signs {@code headerPart.payloadPart} as given, whatever the header says about b64. */
    static String signRaw(JWK key, String headerJson, String payloadPart) {
        String headerPart = b64(headerJson);
        try {
            JWSHeader header = JWSHeader.parse(headerJson);
            Base64URL signature = signer(key).sign(header,
                    (headerPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII));
            return headerPart + "." + payloadPart + "." + signature;
        } catch (JOSEException | java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signer for any key, RSA keys under 2048 bits included (attackers do not follow rules). */
    static JWSSigner signer(JWK key) {
        try {
            if (key instanceof RSAKey rsa) {
                return new RSASSASigner(rsa.toPrivateKey(), true);
            } else if (key instanceof ECKey ec) {
                return new ECDSASigner(ec);
            } else if (key instanceof OctetKeyPair okp) {
                return new JcaEd25519Signer(okp);
            } else if (key instanceof OctetSequenceKey oct) {
                return new MACSigner(oct.toByteArray());
            }
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalArgumentException("No signer for " + key.getKeyType());
    }

    /** A static key source holding the public halves of the keys. */
    static KeySource publicJwks(JWK... keys) {
        return KeySource.jwkSet(new JWKSet(Arrays.stream(keys).map(JWK::toPublicJWK).toList()));
    }

    static String b64(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String b64(byte[] bytes) {
        return Base64URL.encode(bytes).toString();
    }

    static String decode(String part) {
        return new Base64URL(part).decodeToString();
    }

    /** The token's three parts: header, payload, signature (base64url). */
    static List<String> parts(String token) {
        return List.of(token.split("\\.", -1));
    }

    static String join(String header, String payload, String signature) {
        return header + "." + payload + "." + signature;
    }

    static byte[] signatureBytes(String token) {
        return new Base64URL(parts(token).get(2)).decode();
    }

    static String withSignature(String token, byte[] signature) {
        List<String> p = parts(token);
        return join(p.get(0), p.get(1), b64(signature));
    }
}
