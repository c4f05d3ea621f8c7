package io.bulwark.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Converts between OKP JWKs (RFC 8037) and the JDK's own Ed25519 keys, so EdDSA runs on the
 * JCA (Java 15+) rather than pulling in Tink, nimbus's optional Ed25519 engine.
 */
final class Ed25519Keys {

    // DER prefixes of SubjectPublicKeyInfo and PrivateKeyInfo for OID 1.3.101.112 (RFC 8410).
    private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");
    private static final int KEY_BYTES = 32;

    private Ed25519Keys() {
    }

    static PublicKey publicKey(OctetKeyPair okp) throws JOSEException {
        requireEd25519(okp);
        byte[] x = okp.getDecodedX();
        if (x.length != KEY_BYTES) {
            throw new JOSEException("Ed25519 public key must be 32 bytes");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, x)));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("Invalid Ed25519 public key", e);
        }
    }

    static PrivateKey privateKey(OctetKeyPair okp) throws JOSEException {
        requireEd25519(okp);
        if (okp.getD() == null) {
            throw new JOSEException("The OKP key has no private part");
        }
        byte[] d = okp.getDecodedD();
        if (d.length != KEY_BYTES) {
            throw new JOSEException("Ed25519 private key must be 32 bytes");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, d)));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("Invalid Ed25519 private key", e);
        }
    }

    /** The raw 32-byte encoding of a JDK Ed25519 public key (the last bytes of its X.509 form). */
    static byte[] rawPublic(EdECPublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - KEY_BYTES, encoded.length);
    }

    /** The raw 32-byte seed of a JDK Ed25519 private key. */
    static byte[] rawPrivate(EdECPrivateKey key) {
        return key.getBytes().orElseThrow(() -> new IllegalArgumentException("The Ed25519 private key hides its bytes"));
    }

    private static void requireEd25519(OctetKeyPair okp) throws JOSEException {
        if (!Curve.Ed25519.equals(okp.getCurve())) {
            throw new JOSEException("Only the Ed25519 curve is supported for EdDSA");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
