package io.bulwark.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.validation.ValidationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeFileNameTest {

    record Upload(@SafeFileName String name, @SafeFileName(maxBytes = 10) String shortName) {
    }

    record Misconfigured(@SafeFileName(maxBytes = 0) String name) {
    }

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("simple", "report.pdf", true),
                Arguments.of("no extension", "README", true),
                Arguments.of("several dots", "archive.tar.gz", true),
                Arguments.of("hidden file", ".profile", true),
                Arguments.of("spaces inside", "my report (final).docx", true),
                Arguments.of("unicode", "r\u00e9sum\u00e9 \u65e5\u672c.txt", true),
                Arguments.of("device name inside a longer name", "console.log", true),
                Arguments.of("device name as extension", "report.con", true),
                Arguments.of("COM without digit", "com.txt", true),
                Arguments.of("COM with two digits", "COM10", true),
                Arguments.of("255 ASCII bytes", "a".repeat(255), true),
                Arguments.of("empty", "", false),
                Arguments.of("dot", ".", false),
                Arguments.of("dot dot", "..", false),
                Arguments.of("traversal", "../etc/passwd", false),
                Arguments.of("windows traversal", "..\\windows\\win.ini", false),
                Arguments.of("dot dot inside", "a..b", false),
                Arguments.of("slash", "dir/file.txt", false),
                Arguments.of("absolute", "/etc/passwd", false),
                Arguments.of("backslash", "dir\\file.txt", false),
                Arguments.of("drive letter", "C:file.txt", false),
                Arguments.of("alternate data stream", "file.txt:secret", false),
                Arguments.of("wildcard", "*.txt", false),
                Arguments.of("question mark", "what?.txt", false),
                Arguments.of("pipe", "a|b", false),
                Arguments.of("quote", "a\"b", false),
                Arguments.of("angle brackets", "<script>.html", false),
                Arguments.of("NUL byte truncation", "image.php\u0000.png", false),
                Arguments.of("newline", "a\nb.txt", false),
                Arguments.of("tab", "a\tb.txt", false),
                Arguments.of("C1 control", "a\u0085b", false),
                Arguments.of("right-to-left override", "invoice\u202efdp.exe", false),
                Arguments.of("isolate", "a\u2066b.txt", false),
                Arguments.of("lone surrogate", "a\ud800.txt", false),
                Arguments.of("trailing dot", "file.txt.", false),
                Arguments.of("trailing space", "file.txt ", false),
                Arguments.of("CON", "CON", false),
                Arguments.of("con lower case", "con", false),
                Arguments.of("nul with extension", "nul.txt", false),
                Arguments.of("NUL with double extension", "NUL.tar.gz", false),
                Arguments.of("PRN", "Prn.log", false),
                Arguments.of("AUX", "aux", false),
                Arguments.of("COM1", "COM1", false),
                Arguments.of("com9 with extension", "com9.txt", false),
                Arguments.of("COM0", "COM0", false),
                Arguments.of("LPT1", "lpt1", false),
                Arguments.of("LPT superscript one", "LPT\u00b9.txt", false),
                Arguments.of("COM superscript three", "com\u00b3", false),
                Arguments.of("device with space before extension", "CON .txt", false),
                Arguments.of("CONIN$", "conin$", false),
                Arguments.of("CONOUT$", "CONOUT$.txt", false),
                Arguments.of("256 ASCII bytes", "a".repeat(256), false),
                Arguments.of("128 two-byte characters", "\u00e9".repeat(128), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void judgesFileNames(String description, String name, boolean accepted) {
        assertEquals(accepted, Constraints.accepts(Upload.class, "name", name));
    }

    @Test
    void countsTheLengthOfTheNormalizedFormInUtf8Bytes() {
        // five decomposed é are 15 bytes as given, 10 bytes in NFC
        assertTrue(Constraints.accepts(Upload.class, "shortName", "e\u0301".repeat(5)));
        assertFalse(Constraints.accepts(Upload.class, "shortName", "e\u0301".repeat(5) + "x"));
        // a supplementary character is four bytes
        assertFalse(Constraints.accepts(Upload.class, "shortName", "\ud83d\ude00".repeat(3)));
    }

    @Test
    void nullIsValid() {
        assertTrue(Constraints.accepts(Upload.class, "name", null));
    }

    @Test
    void refusesALimitBelowOne() {
        assertThrows(ValidationException.class, () -> Constraints.VALIDATOR.validate(new Misconfigured("a")));
    }
}
