package io.bulwark.sanitize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every vector of {@code xss-vectors.txt} through every built-in policy leaves nothing that runs. */
class HtmlSanitizerXssCorpusTest {

    private static final String CORPUS = "/xss-vectors.txt";
    private static final Pattern ESCAPED_CHARACTER = Pattern.compile("\\{U\\+([0-9A-F]{4,6})\\}");

    static List<String> vectors() throws IOException {
        List<String> vectors = new ArrayList<>();
        try (InputStream in = HtmlSanitizerXssCorpusTest.class.getResourceAsStream(CORPUS)) {
            assertNotNull(in, CORPUS + " is missing from the test resources");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    vectors.add(unescape(line));
                }
            }
        }
        return vectors;
    }

    /** Characters a text file cannot hold literally are written {U+XXXX}. */
    static String unescape(String line) {
        Matcher m = ESCAPED_CHARACTER.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(
                    new String(Character.toChars(Integer.parseInt(m.group(1), 16)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Stream<Arguments> vectorsThroughEveryPolicy() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        List<String> vectors = vectors();
        for (int i = 0; i < vectors.size(); i++) {
            for (HtmlPolicy policy : HtmlPolicy.values()) {
                cases.add(Arguments.of(policy, i + 1, vectors.get(i)));
            }
        }
        return cases.stream();
    }

    @Test
    void corpusHoldsAtLeast150Vectors() throws IOException {
        List<String> vectors = vectors();
        assertTrue(vectors.size() >= 150, "only " + vectors.size() + " vectors");
        assertEquals(vectors.size(), vectors.stream().distinct().count(), "duplicate vectors");
    }

    @Test
    void escapesInTheCorpusBecomeTheCharactersTheyName() {
        assertEquals("<a href=\"java\tscript:\">", unescape("<a href=\"java{U+0009}script:\">"));
        assertEquals("x\u0000y\uD83D\uDE00", unescape("x{U+0000}y{U+1F600}"));
        assertEquals("{{x}} ${y}", unescape("{{x}} ${y}"));
    }

    static Stream<String> activeHtml() {
        return Stream.of("<script>x()</script>", "<img src=x onerror=y()>", "<b ONCLICK=x()>b</b>",
                "<a href=' JaVa\tScRiPt:x()'>a</a>", "<a href='java&#x0A;script:x()'>a</a>",
                "<a href='data:text/html,x'>a</a>", "<img src='\u0001vbscript:x'>", "<p style='color:red'>p</p>",
                "<svg></svg>", "<math></math>", "<form></form>", "<base href=https://x.example/>",
                "<meta http-equiv=refresh content=0>", "<link rel=stylesheet href=x>", "<iframe></iframe>",
                "<object></object>", "<embed>", "<style>p{}</style>", "<svg><a xlink:href='javascript:x()'>a</a></svg>",
                "<button formaction='vbscript:x'>b</button>", "<div>outside the policy</div>");
    }

    @ParameterizedTest
    @MethodSource("activeHtml")
    void detectorSeesActiveContent(String html) {
        // The corpus test is only as good as its detector: it must flag each of these.
        assertFalse(ActiveContent.problems(html, ActiveContent.allowedElements(HtmlPolicy.RICH)).isEmpty(), html);
    }

    @ParameterizedTest(name = "{0} #{1}: {2}")
    @MethodSource("vectorsThroughEveryPolicy")
    void leavesNothingThatRuns(HtmlPolicy policy, int number, String vector) {
        HtmlSanitizer sanitizer = HtmlSanitizer.of(policy);
        String sanitized = sanitizer.sanitize(vector);

        List<String> problems = ActiveContent.problems(sanitized, ActiveContent.allowedElements(policy));
        assertTrue(problems.isEmpty(), () -> "vector #" + number + " " + vector + "\n  became " + sanitized
                + "\n  which holds " + problems);
        assertEquals(sanitizer.sanitizeWithParser(vector), sanitized, "fast path and parser disagree");
        assertTrue(RawTextElementGuard.firstRawTextStartTag(sanitized) == null, sanitized);
    }

    @ParameterizedTest(name = "{0} #{1}: {2}")
    @MethodSource("vectorsThroughEveryPolicy")
    void sanitizingTwiceChangesNothingMore(HtmlPolicy policy, int number, String vector) {
        HtmlSanitizer sanitizer = HtmlSanitizer.of(policy);
        String once = sanitizer.sanitize(vector);
        String twice = sanitizer.sanitize(once);
        // Not byte-for-byte (OWASP re-encodes its own output's text), but the re-sanitized output
        // must hold the same elements and be as inert.
        assertTrue(ActiveContent.problems(twice, ActiveContent.allowedElements(policy)).isEmpty(), twice);
        assertTrue(sanitizer.check(once).clean(), () -> "a second pass would still discard "
                + sanitizer.check(once) + " from " + once);
    }
}
