package io.bulwark.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlainTextTest {

    record Comment(@PlainText String body) {
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                // accepted: text that merely contains '<' or '&'
                Arguments.of("words", "hello world", true),
                Arguments.of("less-than between spaces", "a < b", true),
                Arguments.of("heart", "I <3 it", true),
                Arguments.of("less-or-equal", "x <= y", true),
                Arguments.of("less-than before digit", "1<2", true),
                Arguments.of("less-than at the end", "a <", true),
                Arguments.of("greater-than", "5 > 3 -> done", true),
                Arguments.of("bare ampersand", "AT&T and Q & A", true),
                Arguments.of("ampersand without semicolon", "fish &chips", true),
                Arguments.of("ampersand hash without digit", "item &# one", true),
                Arguments.of("tab and line breaks", "line 1\r\n\tline 2\n", true),
                Arguments.of("accents, precomposed", "caf\u00e9", true),
                Arguments.of("accents, decomposed", "cafe\u0301", true),
                Arguments.of("right-to-left with marks", "\u05e9\u05dc\u05d5\u05dd \u200f123\u200e", true),
                Arguments.of("emoji (surrogate pair)", "ok \ud83d\ude00", true),
                Arguments.of("less-than then combining overlay", "a <\u0338 b", true),
                Arguments.of("empty", "", true),
                // markup
                Arguments.of("bold tag", "<b>bold</b>", false),
                Arguments.of("script", "<script>alert(1)</script>", false),
                Arguments.of("tag without spaces", "x<y", false),
                Arguments.of("upper-case tag", "<SCRIPT>", false),
                Arguments.of("end tag", "text</p>", false),
                Arguments.of("comment", "<!-- hidden -->", false),
                Arguments.of("doctype", "<!DOCTYPE html>", false),
                Arguments.of("processing instruction", "<?xml version=\"1.0\"?>", false),
                Arguments.of("event handler", "<img src=x onerror=alert(1)>", false),
                Arguments.of("non-ASCII tag name", "<\u0161cript>", false),
                Arguments.of("tag name outside the BMP", "<\ud835\udc00>", false),
                Arguments.of("decomposed letter after less-than", "<e\u0301>", false),
                Arguments.of("named reference", "&lt;script&gt;", false),
                Arguments.of("decimal reference", "&#60;script&#62;", false),
                Arguments.of("hex reference", "&#x3c;", false),
                Arguments.of("upper-case hex reference", "&#X3C;", false),
                Arguments.of("named reference with digits", "&frac12;", false),
                // control characters
                Arguments.of("NUL", "a\u0000b", false),
                Arguments.of("bell", "a\u0007b", false),
                Arguments.of("escape (terminal sequences)", "\u001b[31mred", false),
                Arguments.of("DEL", "a\u007fb", false),
                Arguments.of("next line (C1)", "a\u0085b", false),
                Arguments.of("vertical tab", "a\u000bb", false),
                // bidirectional controls
                Arguments.of("right-to-left override", "invoice\u202efdp.exe", false),
                Arguments.of("left-to-right embedding", "\u202aabc", false),
                Arguments.of("pop directional formatting", "abc\u202c", false),
                Arguments.of("right-to-left isolate", "a\u2067b", false),
                Arguments.of("pop directional isolate", "a\u2069", false),
                // broken UTF-16
                Arguments.of("lone high surrogate", "a\ud800", false),
                Arguments.of("lone low surrogate", "\udc00a", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void judgesPlainText(String description, String text, boolean accepted) {
        assertEquals(accepted, Constraints.accepts(Comment.class, "body", text));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void judgesBothSpellingsOfATextAlike(String description, String text, boolean accepted) {
        String decomposed = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD);
        assertEquals(accepted, Constraints.accepts(Comment.class, "body", decomposed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void violationMessageIsFixed(String description, String text, boolean accepted) {
        Constraints.violations(Comment.class, "body", text)
                .forEach(v -> assertEquals("must be plain text without markup", v.getMessage()));
    }
}
