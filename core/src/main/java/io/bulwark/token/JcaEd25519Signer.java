package io.bulwark.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Set;

/** A nimbus {@link JWSSigner} for EdDSA over Ed25519 on the JDK's own provider. */
final class JcaEd25519Signer implements JWSSigner {

    private final PrivateKey privateKey;
    private final JCAContext jcaContext = new JCAContext();

    JcaEd25519Signer(OctetKeyPair key) throws JOSEException {
        this.privateKey = Ed25519Keys.privateKey(key);
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!Algorithms.ED.contains(header.getAlgorithm())) {
            throw new JOSEException("Unsupported algorithm for an Ed25519 key");
        }
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(signingInput);
            return Base64URL.encode(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new JOSEException("Ed25519 signing failed", e);
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
