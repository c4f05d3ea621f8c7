package io.bulwark.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.sanitize.HtmlPolicy;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeHtmlTest {

    record Post(@SafeHtml String basic, @SafeHtml(policy = HtmlPolicy.TEXT) String text,
            @SafeHtml(policy = HtmlPolicy.RICH) String rich) {
    }

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of("basic", "plain words", true),
                Arguments.of("basic", "a < b & c", true),
                Arguments.of("basic", "<b>bold</b> and <i>italic</i>", true),
                Arguments.of("basic", "<p>one</p><p>two</p>", true),
                Arguments.of("basic", "<ul><li>item</li></ul>", true),
                Arguments.of("basic", "<a href=\"https://example.com/\">link</a>", true),
                Arguments.of("basic", "<a href=\"javascript:alert(1)\">link</a>", false),
                Arguments.of("basic", "<a href=\"JaVaScRiPt:alert(1)\">link</a>", false),
                Arguments.of("basic", "<script>alert(1)</script>", false),
                Arguments.of("basic", "<p onclick=\"steal()\">hi</p>", false),
                Arguments.of("basic", "<img src=x onerror=alert(1)>", false),
                Arguments.of("basic", "<style>body{}</style>", false),
                Arguments.of("basic", "<iframe src=\"https://evil.example\"></iframe>", false),
                Arguments.of("basic", "<h1>title</h1>", false),
                Arguments.of("basic", "<SCRIPT>alert(1)</SCRIPT>", false),
                Arguments.of("text", "plain & simple", true),
                Arguments.of("text", "<b>bold</b>", false),
                Arguments.of("rich", "<h1>title</h1><table><tr><td>cell</td></tr></table>", true),
                Arguments.of("rich", "<img src=\"https://cdn.example/a.png\" alt=\"a\">", true),
                Arguments.of("rich", "<img src=\"x\" onerror=\"alert(1)\">", false),
                Arguments.of("rich", "<svg onload=alert(1)>", false));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("documents")
    void acceptsExactlyWhatThePolicyKeeps(String property, String html, boolean accepted) {
        assertEquals(accepted, Constraints.accepts(Post.class, property, html));
    }

    @Test
    void judgesTheNormalizedForm() {
        assertTrue(Constraints.accepts(Post.class, "basic", "<b>cafe\u0301</b>"));
    }

    @Test
    void nullIsValid() {
        assertTrue(Constraints.VALIDATOR.validate(new Post(null, null, null)).isEmpty());
    }
}
