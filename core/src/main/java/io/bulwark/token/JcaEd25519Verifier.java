package io.bulwark.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Set;

/** A nimbus {@link JWSVerifier} for EdDSA over Ed25519 on the JDK's own provider. */
final class JcaEd25519Verifier implements JWSVerifier {

    private static final int SIGNATURE_BYTES = 64;

    private final PublicKey publicKey;
    private final JCAContext jcaContext = new JCAContext();

    JcaEd25519Verifier(OctetKeyPair key) throws JOSEException {
        this.publicKey = Ed25519Keys.publicKey(key);
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        if (!Algorithms.ED.contains(header.getAlgorithm())) {
            throw new JOSEException("Unsupported algorithm for an Ed25519 key");
        }
        byte[] sig = signature.decode();
        if (sig.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(signingInput);
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Algorithms.ED;
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }
}
