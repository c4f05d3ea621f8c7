package io.bulwark.token;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A compact JWS taken apart strictly, before any key is looked up or any signature computed. Shared
 * by {@link TokenVerifier} and {@link JwsVerifier} so both refuse exactly the same inputs.
 *
 * <p>RFC 7515 §7.1: three base64url parts joined by dots, nothing else (the JSON serialization, a
 * JWE's five parts, padding and whitespace are refused), each part in its one canonical spelling
 * (RFC 4648 §3.5: a length that is not 1 mod 4, unused trailing bits zero). nimbus's own decoder
 * skips characters outside the alphabet and ignores the unused bits, so without these checks one
 * signed token could be spelled in endless ways that all verify: each a new cache entry, and a MAC
 * over bytes other than the ones the payload decodes to. The header (and, for a JWT, the claims) must
 * then be strict JSON: no duplicate member names (RFC 7515 §5.2), nesting capped.
 */
final class StrictJws {

    /** Deep enough for any real header or claims set; shallow enough to keep parsing cheap. */
    static final int MAX_JSON_DEPTH = 16;

    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final String token;
    private final int firstDot;
    private final int secondDot;
    private final JWSHeader header;

    private StrictJws(String token, int firstDot, int secondDot, JWSHeader header) {
        this.token = token;
        this.firstDot = firstDot;
        this.secondDot = secondDot;
        this.header = header;
    }

    /**
     * Takes the token apart.
     *
     * @throws TokenRejectedException {@link RejectionReason#MALFORMED}, or
     *     {@link RejectionReason#ALGORITHM_NOT_ALLOWED} for {@code alg: none} and JWE
     */
    static StrictJws parse(String token) throws TokenRejectedException {
        if (!inCompactAlphabet(token)) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw new TokenRejectedException(unsignedOrMalformed(token, first));
        }
        if (first == 0 || !canonical(token, 0, first) || !canonical(token, first + 1, second)
                || !canonical(token, second + 1, token.length())) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        String headerJson = utf8(DECODER.decode(token.substring(0, first)));
        if (headerJson == null || !StrictJson.isStrictObject(headerJson, MAX_JSON_DEPTH)) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        JWSHeader header;
        try {
            header = JWSHeader.parse(headerJson, new Base64URL(token.substring(0, first)));
        } catch (ParseException e) {
            throw new TokenRejectedException(unsignedOrMalformed(token, first));
        }
        if (second == token.length() - 1) {
            // RFC 7515 §5.2: a JWS has a signature; an empty one is an unsecured JWS (any spelling of
            // alg none) or a JWS with its signature cut off.
            throw new TokenRejectedException(unsignedOrMalformed(token, first));
        }
        return new StrictJws(token, first, second, header);
    }

    JWSHeader header() {
        return header;
    }

    /** The ASCII bytes of {@code header.payload}, which the signature covers (RFC 7515 §5.2). */
    byte[] signingInput() {
        return token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
    }

    Base64URL signature() {
        return new Base64URL(token.substring(secondDot + 1));
    }

    /** The decoded payload (already known to be canonical base64url). */
    byte[] payload() {
        return DECODER.decode(token.substring(firstDot + 1, secondDot));
    }

    /**
     * The payload as a strict JSON object, for a JWT's claims.
     *
     * @throws TokenRejectedException {@link RejectionReason#MALFORMED} if it is not one
     */
    Map<String, Object> payloadJsonObject() throws TokenRejectedException {
        String json = utf8(payload());
        if (json == null || !StrictJson.isStrictObject(json, MAX_JSON_DEPTH)) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new TokenRejectedException(RejectionReason.MALFORMED);
        }
    }

    /**
     * RFC 7515 §4.1.11: a token marking any header critical must be understood; Bulwark understands
     * none, and RFC 7797's unencoded payload ({@code b64: false}) is never accepted.
     */
    static boolean hasUnsupportedExtensions(JWSHeader header) {
        return header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()
                || !header.isBase64URLEncodePayload();
    }

    /** RFC 4648 §3.5: the one canonical spelling, checked on the text (alphabet already checked). */
    static boolean canonical(String text, int start, int end) {
        int length = end - start;
        int rest = length & 3;
        if (rest == 1) {
            return false;
        }
        if (rest == 0) {
            return true;
        }
        int last = base64UrlValue(text.charAt(end - 1));
        return (last & (rest == 2 ? 0x0F : 0x03)) == 0;
    }

    private static int base64UrlValue(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        } else if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        } else if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }

    /** The base64url alphabet and the dot, as a table: one lookup per character. */
    private static final boolean[] COMPACT = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            COMPACT[c] = true;
            COMPACT[Character.toLowerCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            COMPACT[c] = true;
        }
        COMPACT['-'] = true;
        COMPACT['_'] = true;
        COMPACT['.'] = true;
    }

    static boolean inCompactAlphabet(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= 128 || !COMPACT[c]) {
                return false;
            }
        }
        return true;
    }

    private static @Nullable String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Tells {@code alg: none} and JWE (refused algorithms) from plain garbage. */
    private static RejectionReason unsignedOrMalformed(String token, int dot) {
        if (dot <= 0 || !canonical(token, 0, dot)) {
            return RejectionReason.MALFORMED;
        }
        try {
            String json = utf8(DECODER.decode(token.substring(0, dot)));
            if (json == null || !StrictJson.isStrictObject(json, MAX_JSON_DEPTH)) {
                return RejectionReason.MALFORMED;
            }
            Map<String, Object> header = JSONObjectUtils.parse(json);
            Object alg = header.get("alg");
            if (alg instanceof String name && ("none".equalsIgnoreCase(name) || header.containsKey("enc"))) {
                return RejectionReason.ALGORITHM_NOT_ALLOWED;
            }
        } catch (ParseException | RuntimeException e) {
            return RejectionReason.MALFORMED;
        }
        return RejectionReason.MALFORMED;
    }
}
