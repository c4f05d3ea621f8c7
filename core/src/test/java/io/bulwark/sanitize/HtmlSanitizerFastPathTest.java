package io.bulwark.sanitize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.HtmlStreamEventReceiverWrapper;

/**
 * The plain-text fast path gives exactly what the OWASP parser gives, character for character, on
 * random and adversarial text, for every policy; and it hands back the very same string when
 * nothing changes.
 */
class HtmlSanitizerFastPathTest {

    private static final long SEED = 0x5A11_7E57_2026L;
    private static final int STRINGS_PER_GENERATOR = 6_000;

    /** The code units that OWASP treats specially, and their neighbours. */
    private static final char[] TRICKY = {
        '\u0000', '\u0001', '\u0008', '\t', '\n', '\u000B', '\u000C', '\r', '\u001F', ' ', '"', '&',
        '\'', '+', '<', '=', '>', '@', '`', '{', '}', '\u007F', '\u0080', '\u0085', '\u009F', '\u00A0',
        '\u00AD', '\u093A', '\u093F', '\u094F', '\u0950', '\u0985', '\u0994', '\u09BE', '\u09CB',
        '\u09CC', '\u09E0', '\u09E3', '\u0C05', '\u0C14', '\u0C3E', '\u0C48', '\u0C4C', '\u0C4D',
        '\u1FEE', '\u1FEF', '\u1FF0', '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u2028',
        '\u2029', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068',
        '\u2069', '\u3000', '\uD7FF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uE000', '\uFDD0',
        '\uFE5F', '\uFE60', '\uFE64', '\uFEFF', '\uFF1C', '\uFF1E', '\uFFFD', '\uFFFE', '\uFFFF',
    };

    private static final String[] EMOJI = {
        "\uD83D\uDE00", "\uD83D\uDC4D\uD83C\uDFFD", "\uD83C\uDDE9\uD83C\uDDEA",
        "\uD83D\uDC69\u200D\uD83D\uDCBB", "\u2764\uFE0F", "\uDBFF\uDFFF", "\uD800\uDC00",
    };

    private static final String[] WORDS = {
        "the", "quick", "brown", "fox", "Zürich", "naïve", "Καλημέρα", "Привет", "日本語", "한국어",
        "עברית", "العربية", "हिन्दी", "తెలుగు", "বাংলা", "don't", "a+b=c", "me@example.com", "`x`",
        "{{x}}", "{", "Tom & Jerry", "1 < 2", "2 > 1", "\"quoted\"", "tab\there", "line\nbreak",
        "crlf\r\n", "nul\u0000", "\u200C\u093F", "\u202Eevil\u202C",
    };

    static List<HtmlSanitizer> sanitizers() {
        List<HtmlSanitizer> all = new ArrayList<>();
        for (HtmlPolicy policy : HtmlPolicy.values()) {
            all.add(HtmlSanitizer.of(policy));
        }
        all.add(HtmlSanitizer.custom("links-and-lists", new HtmlPolicyBuilder()
                .allowElements("a", "p", "ul", "li", "span")
                .allowStandardUrlProtocols()
                .allowAttributes("href").onElements("a")
                .allowAttributes("title").globally()));
        return all;
    }

    static Stream<Arguments> sanitizersAndGenerators() {
        List<Arguments> cases = new ArrayList<>();
        for (HtmlSanitizer sanitizer : sanitizers()) {
            cases.add(Arguments.of(sanitizer, "any UTF-16 code unit", (Function<Random, String>) r ->
                    randomString(r, 40, () -> (char) r.nextInt(0x10000))));
            cases.add(Arguments.of(sanitizer, "any ASCII character", (Function<Random, String>) r ->
                    randomString(r, 60, () -> (char) r.nextInt(0x80))));
            cases.add(Arguments.of(sanitizer, "printable ASCII", (Function<Random, String>) r ->
                    randomString(r, 80, () -> (char) (0x20 + r.nextInt(0x5F)))));
            cases.add(Arguments.of(sanitizer, "tricky code units and emoji", (Function<Random, String>) r ->
                    randomPieces(r, 30, () -> pick(r))));
            cases.add(Arguments.of(sanitizer, "words, mostly clean", (Function<Random, String>) r ->
                    randomPieces(r, 25, () -> r.nextInt(4) == 0 ? WORDS[r.nextInt(WORDS.length)]
                            : r.nextInt(8) == 0 ? String.valueOf(pick(r).charAt(0)) + " "
                            : "word" + r.nextInt(100) + " ")));
            cases.add(Arguments.of(sanitizer, "long Latin-1 text with a rare tricky character",
                    (Function<Random, String>) HtmlSanitizerFastPathTest::longLatin1));
        }
        return cases.stream();
    }

    /**
     * 32 to 300 characters of Latin-1 that needs no rewriting (the byte-pair scan's case), with up
     * to three code units or emoji from the tricky set at random offsets.
     */
    private static String longLatin1(Random random) {
        String safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?-()[]/\\|~^%$#*_\n\t\r"
                + "\u00a0\u00e9\u00fc\u00df\u00ff\u00c0\u0080\u009f\u007f";
        int length = 32 + random.nextInt(269);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(safe.charAt(random.nextInt(safe.length())));
        }
        for (int k = random.nextInt(4); k > 0; k--) {
            s.insert(random.nextInt(s.length() + 1), pick(random));
        }
        return s.toString();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("sanitizersAndGenerators")
    void fastPathEqualsParserOnRandomText(HtmlSanitizer sanitizer, String generatorName,
            Function<Random, String> generator) {
        assertTrue(sanitizer.usesPlainTextFastPath(), sanitizer + " lost its fast path");
        Random random = new Random(SEED ^ generatorName.hashCode());
        List<String> failures = new ArrayList<>();
        int unchanged = 0;
        int encodedWithoutParser = 0;
        for (int i = 0; i < STRINGS_PER_GENERATOR; i++) {
            String input = generator.apply(random);
            String byParser = sanitizer.sanitizeWithParser(input);
            String sanitized = sanitizer.sanitize(input);
            if (!byParser.equals(sanitized)) {
                failures.add(describe(input) + "\n    parser: " + describe(byParser) + "\n    fast:   " + describe(sanitized));
            } else if (byParser.equals(input) && sanitized != input) {
                failures.add(describe(input) + " unchanged but not returned as the same instance");
            }
            if (!sanitizer.checkWithParser(input).equals(sanitizer.check(input))) {
                failures.add(describe(input) + " check: parser " + sanitizer.checkWithParser(input)
                        + ", fast " + sanitizer.check(input));
            }
            String withoutParser = PlainTextFastPath.sanitize(input);
            if (withoutParser == input) {
                unchanged++;
            } else if (withoutParser != null) {
                encodedWithoutParser++;
            }
            if ((PlainTextFastPath.firstRewritten(input) < 0) != (withoutParser == input)) {
                failures.add(describe(input) + " firstRewritten disagrees with sanitize");
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " mismatches, first ones:\n  "
                + String.join("\n  ", failures.subList(0, Math.min(10, failures.size()))));
        // The generators are only worth something if they reach every branch.
        if (!generatorName.equals("any UTF-16 code unit") && !generatorName.equals("any ASCII character")) {
            assertTrue(unchanged > 0 || generatorName.startsWith("tricky"), "no unchanged input generated");
            assertTrue(unchanged < STRINGS_PER_GENERATOR, "every input unchanged: nothing tested");
            assertTrue(encodedWithoutParser > 0, "no input encoded without the parser");
        }
    }

    static Stream<String> adversarialText() {
        return Stream.of(
                "", " ", "a", "\t\n\r", "\r\n", "   \n\t  ", "{", "{{", "{{{", "a{", "{a", "x{}", "{ {",
                "}{", "{\n{", "{{constructor.constructor('alert(1)')()}}", "${alert(1)}", "#{x}",
                "\u200C\u093F", "\u200C", "\u200C\u200C\u093F", "{\u200C\u093F", "\u093F\u200C",
                "\u200C\u0C48", "\u200C\u09CC", "\u200C\u09CB", "'\u200C\u093F", "\u200C'\u093F",
                "\u0001\u200C\u093F", "\u200C\u0001\u093F", "\u0001{", "{\u0001{", "{\u0001", "\u0000",
                "\u0000\u0000", "\uD800", "\uDC00", "\uD83D\uDE00", "\uDE00\uD83D", "\uD83D\uD83D\uDE00",
                "a\uD800b", "\uFFFE", "\uFFFF", "\uFE60", "\uFEFF", "\uFFFD", "\u1FEF", "\u1FEE", "'", "\"",
                "&", "&amp;", "&lt;script&gt;", "&#60;", "&#x3C;", "&unknown;", "&amp", "a < b", "a > b", "<",
                ">", "<<", "< b", "<3", "x@y.z", "1+1=2", "`id`", "\u202Eevil\u202C", "\u2066x\u2069",
                "\u2028\u2029", "\u0085", "\u007F", "\u00A0", "javascript:alert(1)", "%3Cscript%3E",
                "\\u003cscript\\u003e", "e\u0301", "\uFF1Cscript\uFF1E", "\u3008", "it's", "O'Brien & Co.",
                "\"Hello\" she said", "Üñíçødé ∑ ∫ ≠ ≤ ≥", "中文字符测试", "x".repeat(5000),
                "x".repeat(4999) + "'", "'" + "x".repeat(4999), "x".repeat(4999) + "{", "\u2603".repeat(1000),
                "What? Why? " + "plain ".repeat(10) + "?", "caf\u00e9 ".repeat(20) + "\u201Cquoted\u201D ".repeat(5),
                "a".repeat(40) + "\u4e2d" + "b".repeat(40), "\u4e2d" + "a".repeat(40) + "'",
                "a".repeat(33) + "\uFE60" + "a".repeat(33), "a".repeat(20) + "\u4e2d" + "a".repeat(20) + "\u1FEF" + "a".repeat(20),
                "a".repeat(31) + "{", "a".repeat(31) + "{{", "a".repeat(39) + "{b", "a".repeat(38) + "\u200C\u093F" + "a".repeat(8),
                "a".repeat(47) + "\uD83D\uDE00", "a".repeat(47) + "\uD83D", "a".repeat(100) + "\u0000");
    }

    static Stream<String> oneSpecialAtEveryOffset() {
        // The byte-pair scan reads eight characters at a time: a rewrite at each offset of a word,
        // in the last partial word, and just past the 32-character threshold.
        List<String> cases = new ArrayList<>();
        for (String special : List.of("'", "<", "&", "{", "{{", "\u0001", "\uD83D\uDE00", "\uFFFE", "\u1FEF", "\u200C\u093F", "?", "\u4e2d")) {
            for (int length : new int[] {31, 32, 33, 40, 47, 64, 65}) {
                for (int at = 0; at <= length; at++) {
                    cases.add("x".repeat(at) + special + "y".repeat(length - at));
                }
            }
        }
        return cases.stream();
    }

    @Test
    void fastPathEqualsParserWithOneRewriteAtEveryOffset() {
        List<String> failures = new ArrayList<>();
        oneSpecialAtEveryOffset().forEach(input -> {
            for (HtmlSanitizer sanitizer : sanitizers()) {
                String byParser = sanitizer.sanitizeWithParser(input);
                if (!byParser.equals(sanitizer.sanitize(input))) {
                    failures.add(sanitizer + " " + describe(input));
                }
            }
        });
        assertTrue(failures.isEmpty(), failures.size() + " mismatches: " + failures.subList(0, Math.min(10, failures.size())));
    }

    @ParameterizedTest
    @MethodSource("adversarialText")
    void fastPathEqualsParserOnAdversarialText(String input) {
        for (HtmlSanitizer sanitizer : sanitizers()) {
            String byParser = sanitizer.sanitizeWithParser(input);
            assertEquals(byParser, sanitizer.sanitize(input), () -> sanitizer + " on " + describe(input));
            if (byParser.equals(input)) {
                assertSame(input, sanitizer.sanitize(input), () -> sanitizer + " copied " + describe(input));
            }
            assertEquals(sanitizer.checkWithParser(input), sanitizer.check(input), () -> sanitizer + " check");
        }
    }

    @ParameterizedTest
    @EnumSource(HtmlPolicy.class)
    void returnsUnchangedPlainTextAsTheSameString(HtmlPolicy policy) {
        String text = "Hello, world. Nothing here needs encoding; 100% plain text (really)!\n";
        assertSame(text, HtmlSanitizer.of(policy).sanitize(text));
        assertSame(HtmlCheck.NOTHING_DISCARDED, HtmlSanitizer.of(policy).check(text));
    }

    @ParameterizedTest
    @EnumSource(HtmlPolicy.class)
    void encodesPunctuationInPlainTextAsOwaspDoes(HtmlPolicy policy) {
        assertEquals("don&#39;t &#64;me &#43;1 &#61; &#34;x&#34; &gt; &#96;y&#96;",
                HtmlSanitizer.of(policy).sanitize("don't @me +1 = \"x\" > `y`"));
        assertEquals("smile &#x1f600;", HtmlSanitizer.of(policy).sanitize("smile \uD83D\uDE00"));
    }

    @Test
    void everyCodeUnitAloneMatchesTheParser() {
        for (HtmlSanitizer sanitizer : sanitizers()) {
            for (int c = 0; c <= 0xFFFF; c++) {
                String input = "a" + (char) c + "b";
                String byParser = sanitizer.sanitizeWithParser(input);
                String sanitized = sanitizer.sanitize(input);
                if (!byParser.equals(sanitized)) {
                    assertEquals(byParser, sanitized, sanitizer + " on U+" + Integer.toHexString(c));
                }
            }
        }
    }

    @Test
    void policyThatRewritesTextDoesWithoutTheFastPath() {
        HtmlSanitizer shouting = HtmlSanitizer.custom("shouting", new HtmlPolicyBuilder()
                .allowElements("p")
                .withPostprocessor(sink -> new HtmlStreamEventReceiverWrapper(sink) {
                    @Override
                    public void text(String text) {
                        underlying.text(text.toUpperCase(java.util.Locale.ROOT));
                    }
                }));
        assertFalse(shouting.usesPlainTextFastPath());
        assertEquals("HELLO", shouting.sanitize("hello"));
    }

    private static char pickChar(Random random) {
        return TRICKY[random.nextInt(TRICKY.length)];
    }

    private static String pick(Random random) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return EMOJI[random.nextInt(EMOJI.length)];
        } else if (kind < 4) {
            return String.valueOf((char) ('a' + random.nextInt(26)));
        }
        return String.valueOf(pickChar(random));
    }

    private static String randomString(Random random, int maxLength, java.util.function.Supplier<Character> next) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(next.get().charValue());
        }
        return s.toString();
    }

    private static String randomPieces(Random random, int maxPieces, java.util.function.Supplier<String> next) {
        int pieces = random.nextInt(maxPieces + 1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            s.append(next.get());
        }
        return s.toString();
    }

    /** Java-escaped, so that a failure message shows controls and surrogates. */
    private static String describe(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out.append(s.length() > 200 ? "…\"" : "\"").toString();
    }
}
