package io.bulwark.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** Short, non-reversible identifiers of tokens, for logs and events in place of the token. */
public final class Fingerprints {

    private Fingerprints() {
    }

    /**
     * The first 64 bits of the SHA-256 of the token, base64url without padding (11 characters).
     *
     * @param token the token, never logged itself
     * @return the fingerprint
     */
    public static String of(CharSequence token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(token.toString().getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
