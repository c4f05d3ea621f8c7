package io.bulwark.sanitize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/** What each built-in policy keeps and drops, the check mode, and custom policies. */
class HtmlSanitizerTest {

    private static final String RELS = " rel=\"nofollow noopener noreferrer\"";

    static Stream<Arguments> benignFormatting() {
        return Stream.of(
                // policy, input, expected output
                Arguments.of(HtmlPolicy.BASIC,
                        "<p>Hello <b>bold</b> <i>it</i> <em>em</em> <strong>st</strong> <u>u</u> <s>s</s></p>",
                        "<p>Hello <b>bold</b> <i>it</i> <em>em</em> <strong>st</strong> <u>u</u> <s>s</s></p>"),
                Arguments.of(HtmlPolicy.BASIC, "<pre><code>int x = 1;</code></pre>",
                        "<pre><code>int x &#61; 1;</code></pre>"),
                Arguments.of(HtmlPolicy.BASIC, "<blockquote><p>Quote</p></blockquote>",
                        "<blockquote><p>Quote</p></blockquote>"),
                Arguments.of(HtmlPolicy.BASIC, "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>",
                        "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>"),
                Arguments.of(HtmlPolicy.BASIC, "line one<br>line two", "line one<br />line two"),
                Arguments.of(HtmlPolicy.BASIC, "<p>unclosed <b>bold", "<p>unclosed <b>bold</b></p>"),
                Arguments.of(HtmlPolicy.BASIC, "<b>bold</b> & co", "<b>bold</b> &amp; co"),
                Arguments.of(HtmlPolicy.BASIC, "<a href=\"https://example.com/page?q=1&amp;r=2\">link</a>",
                        "<a href=\"https://example.com/page?q&#61;1&amp;r&#61;2\"" + RELS + ">link</a>"),
                Arguments.of(HtmlPolicy.BASIC, "<a href=\"http://example.com\">plain http</a>",
                        "<a href=\"http://example.com\"" + RELS + ">plain http</a>"),
                Arguments.of(HtmlPolicy.BASIC, "<a href=\"mailto:someone@example.com\">mail</a>",
                        "<a href=\"mailto:someone&#64;example.com\"" + RELS + ">mail</a>"),
                Arguments.of(HtmlPolicy.BASIC, "<h1>Title</h1>", "Title"),
                Arguments.of(HtmlPolicy.BASIC, "<img src=\"https://example.com/a.png\" alt=\"cat\">", ""),
                Arguments.of(HtmlPolicy.RICH,
                        "<p>Hello <b>bold</b> <i>it</i> <em>em</em> <strong>st</strong> <u>u</u> <s>s</s></p>",
                        "<p>Hello <b>bold</b> <i>it</i> <em>em</em> <strong>st</strong> <u>u</u> <s>s</s></p>"),
                Arguments.of(HtmlPolicy.RICH, "<a href=\"https://example.com\">x</a>",
                        "<a href=\"https://example.com\"" + RELS + ">x</a>"),
                Arguments.of(HtmlPolicy.RICH, "<h1>Title</h1><h2>Sub</h2><h6>small</h6>",
                        "<h1>Title</h1><h2>Sub</h2><h6>small</h6>"),
                Arguments.of(HtmlPolicy.RICH,
                        "<table><caption>Cap</caption><thead><tr><th scope=\"col\">A</th></tr></thead>"
                                + "<tbody><tr><td colspan=\"2\">1</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>",
                        "<table><caption>Cap</caption><thead><tr><th scope=\"col\">A</th></tr></thead>"
                                + "<tbody><tr><td colspan=\"2\">1</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>"),
                Arguments.of(HtmlPolicy.RICH,
                        "<table><colgroup span=\"2\"><col span=\"1\"></colgroup><tr><td rowspan=\"3\">x</td></tr></table>",
                        "<table><colgroup span=\"2\"><col span=\"1\" /></colgroup><tbody><tr><td rowspan=\"3\">x</td></tr></tbody></table>"),
                Arguments.of(HtmlPolicy.RICH,
                        "<img src=\"https://example.com/a.png\" alt=\"A cat\" width=\"100\" height=\"50\">",
                        "<img src=\"https://example.com/a.png\" alt=\"A cat\" width=\"100\" height=\"50\" />"),
                Arguments.of(HtmlPolicy.TEXT, "<b>bold</b> & co", "bold &amp; co"),
                Arguments.of(HtmlPolicy.TEXT, "<p>Hello <a href=\"https://example.com\">there</a></p>",
                        "Hello there"),
                Arguments.of(HtmlPolicy.TEXT, "<ul><li>one</li><li>two</li></ul>", "onetwo"),
                Arguments.of(HtmlPolicy.TEXT, "Tom's <script>steal()</script>notes", "Tom&#39;s notes"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("benignFormatting")
    void keepsBenignFormatting(HtmlPolicy policy, String input, String expected) {
        assertEquals(expected, HtmlSanitizer.of(policy).sanitize(input));
    }

    @ParameterizedTest
    @EnumSource(value = HtmlPolicy.class, names = {"BASIC", "RICH"})
    void forcesRelAndDropsTargetOnLinks(HtmlPolicy policy) {
        HtmlSanitizer sanitizer = HtmlSanitizer.of(policy);
        String input = "<a href=\"https://example.com\" target=\"_blank\" rel=\"opener author\">new tab</a>";

        assertEquals("<a href=\"https://example.com\"" + RELS + ">new tab</a>", sanitizer.sanitize(input));
        assertEquals(Set.of("target"), sanitizer.check(input).discardedAttributes());
    }

    static Stream<Arguments> refusedLinks() {
        return Stream.of(
                "javascript:alert(1)", "JAVASCRIPT:alert(1)", "vbscript:msgbox(1)", "data:text/html,x",
                "ftp://example.com/", "/relative/path", "relative", "//evil.example/", "#fragment",
                "?query", "file:///etc/passwd", "https\t://x", "tel:+123")
                .flatMap(href -> Stream.of(HtmlPolicy.BASIC, HtmlPolicy.RICH).map(p -> Arguments.of(p, href)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedLinks")
    void dropsLinksThatAreNotAbsoluteHttpHttpsOrMailto(HtmlPolicy policy, String href) {
        assertEquals("click", HtmlSanitizer.of(policy).sanitize("<a href=\"" + href + "\">click</a>"));
    }

    static Stream<String> refusedImageSources() {
        return Stream.of("http://example.com/a.png", "HTTP://example.com/a.png", "/a.png", "a.png",
                "//example.com/a.png", "data:image/png;base64,iVBORw0KGgo=", "javascript:alert(1)",
                "mailto:x@example.com", "ftp://example.com/a.png");
    }

    @ParameterizedTest
    @MethodSource("refusedImageSources")
    void richImagesTakeHttpsSourcesOnly(String src) {
        HtmlSanitizer rich = HtmlSanitizer.of(HtmlPolicy.RICH);
        assertEquals("<img alt=\"cat\" />", rich.sanitize("<img src=\"" + src + "\" alt=\"cat\">"));
        assertEquals(Set.of("src"), rich.check("<img src=\"" + src + "\" alt=\"cat\">").discardedAttributes());
        assertEquals("", rich.sanitize("<img src=\"" + src + "\">"), "an img without attributes goes");
    }

    @Test
    void richImagesKeepHttpsSourcesInAnyCase() {
        assertEquals("<img src=\"HTTPS://example.com/a.png\" />",
                HtmlSanitizer.of(HtmlPolicy.RICH).sanitize("<img src=\" HTTPS://example.com/a.png \">"));
    }

    @Test
    void richDropsSizesThatAreNotSmallNumbers() {
        HtmlSanitizer rich = HtmlSanitizer.of(HtmlPolicy.RICH);
        assertEquals("<img src=\"https://example.com/a.png\" />",
                rich.sanitize("<img src=\"https://example.com/a.png\" width=\"100%\" height=\"expression(1)\">"));
        assertEquals("<table><tbody><tr><td>x</td></tr></tbody></table>",
                rich.sanitize("<table><tr><td colspan=\"99999\" rowspan=\"-1\">x</td></tr></table>"));
    }

    @ParameterizedTest
    @EnumSource(HtmlPolicy.class)
    void builtInPoliciesEmitNoRawTextElement(HtmlPolicy policy) {
        for (String element : RawTextElementGuard.RAW_TEXT_ELEMENTS) {
            String out = HtmlSanitizer.of(policy).sanitize("<" + element + ">x</" + element + ">");
            assertNull(RawTextElementGuard.firstRawTextStartTag(out), out);
        }
    }

    @ParameterizedTest
    @EnumSource(HtmlPolicy.class)
    void dropsTheTextOfScriptAndStyle(HtmlPolicy policy) {
        HtmlSanitizer sanitizer = HtmlSanitizer.of(policy);
        assertEquals("ab", sanitizer.sanitize("a<script>alert(1)</script>b"));
        assertEquals("ab", sanitizer.sanitize("a<style>p{color:red}</style>b"));
        assertEquals("ab", sanitizer.sanitize("a<noscript><style></noscript><img src=x onerror=alert(1)></style>b"));
    }

    @Test
    void checkNamesWhatWouldBeDiscardedButNeverValues() {
        HtmlCheck check = HtmlSanitizer.of(HtmlPolicy.BASIC)
                .check("<p onclick=\"steal()\" style=\"x\">Hi <script>secret()</script><iframe src=x></iframe></p>");

        assertFalse(check.clean());
        assertEquals(Set.of("script", "iframe"), check.discardedElements());
        assertEquals(Set.of("onclick", "style"), check.discardedAttributes());
        assertFalse(check.toString().contains("steal"));
        assertFalse(check.toString().contains("secret"));
    }

    @ParameterizedTest
    @EnumSource(HtmlPolicy.class)
    void checkFindsPlainTextClean(HtmlPolicy policy) {
        assertTrue(HtmlSanitizer.of(policy).check("Tom & Jerry's \"show\" = 1 + 1 @ 5 > 4").clean());
        assertTrue(HtmlSanitizer.of(policy).check("").clean());
    }

    @Test
    void checkFindsAllowedMarkupClean() {
        assertTrue(HtmlSanitizer.of(HtmlPolicy.BASIC)
                .check("<p><b>x</b> <a href=\"https://example.com\">y</a></p><br>").clean());
        assertFalse(HtmlSanitizer.of(HtmlPolicy.TEXT).check("<b>x</b>").clean());
    }

    @ParameterizedTest
    @EnumSource(HtmlPolicy.class)
    void sanitizedOutputPassesItsOwnCheck(HtmlPolicy policy) {
        HtmlSanitizer sanitizer = HtmlSanitizer.of(policy);
        String once = sanitizer.sanitize(
                "<p>x<a href=https://e.example target=_blank>y</a><img src=https://e.example/a.png alt=z><h2>t</h2></p>");
        assertTrue(sanitizer.check(once).clean(), once);
    }

    @ParameterizedTest
    @EnumSource(HtmlPolicy.class)
    void sharesOneInstancePerBuiltInPolicy(HtmlPolicy policy) {
        assertSame(HtmlSanitizer.of(policy), HtmlSanitizer.of(policy));
        assertEquals(policy.name(), HtmlSanitizer.of(policy).name());
        assertEquals("HtmlSanitizer[" + policy.name() + "]", HtmlSanitizer.of(policy).toString());
        assertTrue(HtmlSanitizer.of(policy).usesPlainTextFastPath());
    }

    @Test
    void refusesNulls() {
        HtmlSanitizer basic = HtmlSanitizer.of(HtmlPolicy.BASIC);
        assertThrows(NullPointerException.class, () -> HtmlSanitizer.of(null));
        assertThrows(NullPointerException.class, () -> basic.sanitize(null));
        assertThrows(NullPointerException.class, () -> basic.check(null));
        assertThrows(NullPointerException.class, () -> HtmlSanitizer.custom("x", (HtmlPolicyBuilder) null));
        assertThrows(NullPointerException.class, () -> HtmlSanitizer.custom(null, new HtmlPolicyBuilder()));
    }

    static Stream<String> rawTextElements() {
        return RawTextElementGuard.RAW_TEXT_ELEMENTS.stream();
    }

    @ParameterizedTest
    @MethodSource("rawTextElements")
    void refusesCustomPolicyThatAllowsARawTextElement(String element) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HtmlSanitizer.custom("mine", new HtmlPolicyBuilder().allowElements("p", element)));
        assertTrue(e.getMessage().contains("'mine'"), e.getMessage());
        assertTrue(e.getMessage().contains("<" + element + ">"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("rawTextElements")
    void refusesCustomPolicyThatAllowsTextInARawTextElement(String element) {
        assertThrows(IllegalArgumentException.class, () -> HtmlSanitizer.custom("mine",
                new HtmlPolicyBuilder().allowElements(element).allowTextIn(element)
                        .allowAttributes("title").onElements(element)));
    }

    @Test
    void refusesTheCve202566021Policy() {
        // The shape of the advisory: noscript and style allowed, with text in style.
        assertThrows(IllegalArgumentException.class, () -> HtmlSanitizer.custom("advisory",
                new HtmlPolicyBuilder().allowElements("noscript", "style", "p").allowTextIn("style")));
        assertThrows(IllegalArgumentException.class, () -> HtmlSanitizer.custom("select",
                new HtmlPolicyBuilder().allowElements("select", "option", "style").allowTextIn("style")));
    }

    @Test
    void refusesCustomPolicyThatRenamesAnElementIntoARawTextOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HtmlSanitizer.custom(
                "renamer", new HtmlPolicyBuilder().allowElements((name, attributes) -> "style", "div")));
        assertTrue(e.getMessage().contains("<style> (from <div>)"), e.getMessage());
    }

    @Test
    void refusesCustomPolicyThatJoinsARawTextElementIn() {
        PolicyFactory joined = HtmlSanitizer.of(HtmlPolicy.BASIC).policyFactory()
                .and(new HtmlPolicyBuilder().allowElements("iframe").toFactory());
        assertThrows(IllegalArgumentException.class, () -> HtmlSanitizer.custom("joined", joined));
    }

    @Test
    void refusesBlankName() {
        assertThrows(IllegalArgumentException.class, () -> HtmlSanitizer.custom(" ", new HtmlPolicyBuilder()));
    }

    @Test
    void acceptsCustomPolicyOfHarmlessElements() {
        HtmlSanitizer blocks = HtmlSanitizer.custom("blocks",
                Sanitizers.BLOCKS.and(Sanitizers.FORMATTING).and(Sanitizers.LINKS));

        assertEquals("blocks", blocks.name());
        assertTrue(blocks.usesPlainTextFastPath());
        assertEquals("<div><h3>x</h3></div>", blocks.sanitize("<div><h3>x</h3><script>y</script></div>"));
        assertSame("plain", blocks.sanitize("plain"));
    }

    @Test
    void customPolicyIsASnapshotOfItsBuilder() {
        HtmlPolicyBuilder builder = new HtmlPolicyBuilder().allowElements("b");
        HtmlSanitizer bold = HtmlSanitizer.custom("bold", builder);
        builder.allowElements("i");

        assertEquals("<b>x</b>y", bold.sanitize("<b>x</b><i>y</i>"));
    }

    @Test
    void joinsWithBuiltInPolicies() {
        HtmlSanitizer basicWithSpans = HtmlSanitizer.custom("basic+span", HtmlSanitizer.of(HtmlPolicy.BASIC)
                .policyFactory().and(new HtmlPolicyBuilder().allowElements("span")
                        .allowAttributes("class").onElements("span").toFactory()));

        assertEquals("<p><span class=\"x\">y</span></p>",
                basicWithSpans.sanitize("<p><span class=\"x\" onclick=\"z\">y</span></p>"));
    }
}
