package io.bulwark.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Text from a request cannot forge, reorder or overrun a log line. */
class LogTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET /a\\nkind=FORGED|GET /a?kind=FORGED",
        "GET /a\\r\\nx|GET /a??x",
        "tab\\there|tab?here",
        "esc\\u001b[31m|esc?[31m",
        "nel\\u0085x|nel?x",
        "ls\\u2028ps\\u2029|ls?ps?",
        "/files/\\u202Etxt.exe|/files/?txt.exe",
        "\\u2066isolate\\u2069|?isolate?"})
    void replacesControlSeparatorAndBidiCharacters(String escaped, String expected) {
        assertEquals(expected, LogText.printable(unescape(escaped), 200));
    }

    @Test
    void leavesPrintableTextAsTheSameInstance() {
        String text = "GET /api/orders/7 — ünïcödé 注文";
        assertSame(text, LogText.printable(text, 200));
    }

    @Test
    void cutsToTheLimitWithoutSplittingASurrogatePair() {
        String text = "ab\uD83D\uDE00cd"; // a, b, an emoji of two chars, c, d
        assertEquals("ab", LogText.printable(text, 3));
        assertEquals("ab\uD83D\uDE00", LogText.printable(text, 4));
        assertEquals("x".repeat(200), LogText.printable("x".repeat(10_000), 200));
    }

    @Test
    void rejectsALimitOfNothing() {
        assertThrows(IllegalArgumentException.class, () -> LogText.printable("x", 0));
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
