package io.bulwark.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.bulwark.token.BearerTokenExtractor.Absent;
import io.bulwark.token.BearerTokenExtractor.Found;
import io.bulwark.token.BearerTokenExtractor.Invalid;
import io.bulwark.token.BearerTokenExtractor.Result;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BearerTokenExtractorTest {

    private static final BearerTokenExtractor HEADER_ONLY = BearerTokenExtractor.headerOnly();
    private static final BearerTokenExtractor QUERY_ALLOWED = BearerTokenExtractor.of(true, false);
    private static final BearerTokenExtractor FORM_ALLOWED = BearerTokenExtractor.of(false, true);
    private static final BearerTokenExtractor BOTH_ALLOWED = BearerTokenExtractor.of(true, true);

    /** What a case expects: the result type and, when found, the token. */
    private record Expected(Class<? extends Result> type, String token) {
        void check(Result actual) {
            assertNotNull(actual);
            assertInstanceOf(type, actual);
            if (token != null) {
                assertEquals(token, ((Found) actual).token());
            }
        }

        @Override
        public String toString() {
            return token == null ? type.getSimpleName() : "Found(" + token + ")";
        }
    }

    private static Expected found(String token) {
        return new Expected(Found.class, token);
    }

    private static final Expected INVALID = new Expected(Invalid.class, null);
    private static final Expected ABSENT = new Expected(Absent.class, null);

    static Stream<Arguments> singleHeaderValues() {
        return Stream.of(
                // RFC 6750 §2.1
                header("Bearer abc.def.ghi", found("abc.def.ghi")),
                header("Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln-_", found("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln-_")),
                // RFC 7235 §2.1: the scheme is case-insensitive
                header("bearer x", found("x")),
                header("BEARER x", found("x")),
                header("bEaReR x", found("x")),
                // whitespace around and between
                header("Bearer   x", found("x")),
                header("Bearer\tx", found("x")),
                header("Bearer \t x", found("x")),
                header("  Bearer x", found("x")),
                header("Bearer x  ", found("x")),
                header("\tBearer x\t", found("x")),
                // token68 characters and padding
                header("Bearer abc==", found("abc==")),
                header("Bearer a-b_c~d+e/f.g", found("a-b_c~d+e/f.g")),
                // no credentials after the scheme
                header("Bearer", INVALID),
                header("Bearer ", INVALID),
                header("Bearer \t ", INVALID),
                header("", INVALID),
                header("   ", INVALID),
                // more than one credential
                header("Bearer a b", INVALID),
                header("Bearer a,b", INVALID),
                header("Bearer abc, Basic xyz", INVALID),
                header("Bearer abc,", INVALID),
                header("Basic xyz, Bearer abc", INVALID),
                header("Basic xyz,Bearer abc", INVALID),
                header("Basic xyz, bearer abc", INVALID),
                // not token68
                header("Bearer ==", INVALID),
                header("Bearer abc=def", INVALID),
                header("Bearer \"abc\"", INVALID),
                header("Bearer 'abc'", INVALID),
                header("Bearer <script>alert(1)</script>", INVALID),
                header("Bearer <script>", INVALID),
                header("Bearer abc\u0000def", INVALID),
                header("Bearer abc\u0007", INVALID),
                header("Bearer abc\r\nX-Injected: 1", INVALID),
                header("Bearer abc\ndef", INVALID),
                header("Bearer äbc", INVALID),
                header("Bearer abc\u00a0def", INVALID),
                header("Bearer токен", INVALID),
                header("Bearer \uD83D\uDE00", INVALID),
                header("Bearer \uD800", INVALID),
                header("Bearer abc;def", INVALID),
                header("Bearer abc%20def", INVALID),
                header("Bearer realm=\"x\"", INVALID),
                // other schemes are not ours to judge
                header("Basic dXNlcjpwYXNz", ABSENT),
                header("Digest username=\"a\", realm=\"b\"", ABSENT),
                header("Bearerabc", ABSENT),
                header("Bearer-x abc", ABSENT),
                header("DPoP abc.def.ghi", ABSENT));
    }

    private static Arguments header(String value, Expected expected) {
        return Arguments.of(Named.of(printable(value), value), expected);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("singleHeaderValues")
    void readsOneAuthorizationHeader(String value, Expected expected) {
        expected.check(HEADER_ONLY.extract(List.of(value)));
        // Enabling other methods changes nothing about the header.
        expected.check(BOTH_ALLOWED.extract(List.of(value), List.of(), List.of()));
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                request("no header", HEADER_ONLY, List.of(), List.of(), List.of(), ABSENT),
                request("two Authorization headers", HEADER_ONLY, List.of("Bearer a", "Bearer b"), List.of(), List.of(),
                        INVALID),
                request("the same Authorization header twice", HEADER_ONLY, List.of("Bearer a", "Bearer a"), List.of(),
                        List.of(), INVALID),
                request("a Basic and a Bearer header", HEADER_ONLY, List.of("Basic dXNlcjpwYXNz", "Bearer a"),
                        List.of(), List.of(), INVALID),
                request("query token when not enabled", HEADER_ONLY, List.of(), List.of("abc"), List.of(), INVALID),
                request("query token when only the form is enabled", FORM_ALLOWED, List.of(), List.of("abc"), List.of(),
                        INVALID),
                request("query token when enabled", QUERY_ALLOWED, List.of(), List.of("abc.def.ghi"), List.of(),
                        found("abc.def.ghi")),
                request("malformed query token when enabled", QUERY_ALLOWED, List.of(), List.of("a b"), List.of(),
                        INVALID),
                request("empty query token when enabled", QUERY_ALLOWED, List.of(), List.of(""), List.of(), INVALID),
                request("two query tokens", QUERY_ALLOWED, List.of(), List.of("abc", "def"), List.of(), INVALID),
                request("form token when not enabled", HEADER_ONLY, List.of(), List.of(), List.of("abc"), INVALID),
                request("form token when only the query is enabled", QUERY_ALLOWED, List.of(), List.of(),
                        List.of("abc"), INVALID),
                request("form token when enabled", FORM_ALLOWED, List.of(), List.of(), List.of("abc"), found("abc")),
                request("two form tokens", FORM_ALLOWED, List.of(), List.of(), List.of("abc", "def"), INVALID),
                request("header and query token", QUERY_ALLOWED, List.of("Bearer abc"), List.of("abc"), List.of(),
                        INVALID),
                request("header and form token", FORM_ALLOWED, List.of("Bearer abc"), List.of(), List.of("abc"),
                        INVALID),
                request("query and form token", BOTH_ALLOWED, List.of(), List.of("abc"), List.of("def"), INVALID),
                request("header and query token when the query is not enabled", HEADER_ONLY, List.of("Bearer abc"),
                        List.of("abc"), List.of(), INVALID),
                request("malformed header and query token", QUERY_ALLOWED, List.of("Bearer a b"), List.of("abc"),
                        List.of(), INVALID));
    }

    private static Arguments request(String name, BearerTokenExtractor extractor, List<String> headers,
            List<String> query, List<String> form, Expected expected) {
        return Arguments.of(Named.of(name, extractor), headers, query, form, expected);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {4}")
    @MethodSource("requests")
    void readsTheTokenFromWhereTheRequestCarriesIt(BearerTokenExtractor extractor, List<String> headers,
            List<String> query, List<String> form, Expected expected) {
        expected.check(extractor.extract(headers, query, form));
    }

    static Stream<String> junk() {
        StringBuilder controls = new StringBuilder("Bearer ");
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        return Stream.of("\u0000", "\u0000Bearer abc", "Bearer\u0000abc", "Bearer\u000babc", "\uD800Bearer",
                "Bearer \uDFFF", ",", ",,,Bearer", "Basic ,", "Bearer ,", "=", "Bearer =", "\"Bearer abc\"",
                controls.toString(), "Bearer " + "a".repeat(1_000_000), "Basic " + ", Bearer".repeat(10_000),
                "Bearer " + "\t".repeat(100_000));
    }

    @ParameterizedTest
    @MethodSource("junk")
    void answersJunkWithAResultNeverAnException(String value) {
        assertNotNull(HEADER_ONLY.extract(List.of(value)));
        assertNotNull(BOTH_ALLOWED.extract(List.of(value), List.of(value), List.of()));
        assertNotNull(BOTH_ALLOWED.extract(List.of(), List.of(), List.of(value)));
    }

    @Test
    void foundKeepsTheTokenOutOfToString() {
        String token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
        Result result = HEADER_ONLY.extract(List.of("Bearer " + token));

        assertEquals(new Found(token), result);
        assertFalse(result.toString().contains(token), result.toString());
        assertFalse(result.toString().contains("eyJ"), result.toString());
    }

    @Test
    void invalidDescriptionsNeverEchoTheInput() {
        String secret = "s3cr3t-token-value";
        for (String value : List.of("Bearer " + secret + " extra", "Bearer " + secret + ",x", "Bearer <" + secret + ">")) {
            Invalid invalid = assertInstanceOf(Invalid.class, HEADER_ONLY.extract(List.of(value)));
            assertFalse(invalid.description().contains(secret));
            assertFalse(invalid.toString().contains(secret));
        }
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.append('"').toString();
    }
}
