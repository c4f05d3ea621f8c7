package io.bulwark.validation;

/**
 * The character rules the constraints share. Each scan is one pass over the text, without
 * allocation or regular expressions.
 */
final class TextRules {

    private TextRules() {
    }

    /**
     * Whether a code point is a Unicode bidirectional embedding, override or isolate: U+202A–U+202E
     * (LRE, RLE, PDF, LRO, RLO) and U+2066–U+2069 (LRI, RLI, FSI, PDI). These reorder the text
     * around them until a terminator, which is how "Trojan Source" (CVE-2021-42574) and
     * {@code invoice[U+202E]fdp.exe} file names hide what a text says. The marks U+200E (LRM), U+200F
     * (RLM) and U+061C (ALM) are not in this set: they are invisible strong characters that cannot
     * reorder anything beyond their neighbours, and right-to-left text needs them.
     */
    static boolean isBidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * Whether a text is plain: no markup, no control character but tab, CR and LF, no bidirectional
     * embedding, override or isolate, no unpaired surrogate.
     *
     * <p>Markup is what an HTML or XML parser would read as more than text:
     * <ul>
     *   <li>{@code <} followed by a letter (any script, not only ASCII as in HTML, since XML and
     *       lenient parsers accept more), {@code /}, {@code !} or {@code ?}: the starts of a tag, an
     *       end tag, a comment or declaration, a processing instruction (WHATWG HTML §13.2.5.6,
     *       tag open state). {@code <} followed by anything else — a space, a digit, {@code =},
     *       the end of the text — is text to every parser, so {@code "a < b"} and {@code "<3"} pass;
     *   <li>character references: {@code &#} followed by a digit or {@code x}, and {@code &name;}.
     *       They are not dangerous once, but a text that spells {@code &lt;script&gt;} becomes a tag
     *       after one decoding too many. A bare {@code &} ({@code "AT&T"}, {@code "Q & A"}) passes.
     * </ul>
     */
    static boolean isPlainText(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                if (TextNormalizer.isRefusedControl(c)) {
                    return false;
                }
            } else if (c == '<') {
                if (i + 1 < n && opensMarkup(text.codePointAt(i + 1))) {
                    return false;
                }
            } else if (c == '&') {
                if (startsCharacterReference(text, i + 1)) {
                    return false;
                }
            } else if (Character.isSurrogate(c)) {
                if (!isPairAt(text, i)) {
                    return false;
                }
                i++;
            } else if (isBidiControl(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean opensMarkup(int next) {
        return next == '/' || next == '!' || next == '?' || Character.isLetter(next);
    }

    private static boolean startsCharacterReference(String text, int from) {
        int n = text.length();
        if (from >= n) {
            return false;
        }
        char first = text.charAt(from);
        if (first == '#') {
            // &#60; and &#x3c; (WHATWG HTML §13.2.5.75, numeric character reference state)
            return from + 1 < n && (isAsciiDigit(text.charAt(from + 1)) || text.charAt(from + 1) == 'x'
                    || text.charAt(from + 1) == 'X');
        }
        if (!isAsciiLetter(first)) {
            return false;
        }
        int i = from + 1;
        while (i < n && (isAsciiLetter(text.charAt(i)) || isAsciiDigit(text.charAt(i)))) {
            i++;
        }
        return i < n && text.charAt(i) == ';';
    }

    /**
     * Whether a text is one safe file name: see {@link SafeFileName} for the rules.
     *
     * @param name the NFC form of the name
     * @param maxBytes the largest allowed length in UTF-8 bytes
     */
    static boolean isSafeFileName(String name, int maxBytes) {
        int n = name.length();
        if (n == 0 || name.contains("..")) {
            return false;
        }
        char last = name.charAt(n - 1);
        // Windows drops a trailing dot or space, so "a.txt." and "a.txt " name "a.txt" there; "." is the directory itself.
        if (last == '.' || last == ' ') {
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return false; // every control character, tab and line breaks included
            }
            switch (c) {
                case '/', '\\', '<', '>', ':', '"', '|', '?', '*' -> {
                    // separators, and what Windows refuses (':' would name an NTFS alternate data stream)
                    return false;
                }
                default -> {
                    // judged below
                }
            }
            if (Character.isSurrogate(c)) {
                if (!isPairAt(name, i)) {
                    return false;
                }
                bytes += 4;
                i++;
            } else if (isBidiControl(c)) {
                return false;
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return bytes <= maxBytes && !isWindowsDeviceName(name);
    }

    /**
     * Whether Windows reads the name as a device: the part before the first dot, without trailing
     * spaces, is a reserved device name in any case ("con", "Nul.txt", "COM1.tar.gz", "lpt¹").
     * Microsoft's list: "Naming Files, Paths, and Namespaces".
     */
    private static boolean isWindowsDeviceName(String name) {
        int dot = name.indexOf('.');
        int end = dot < 0 ? name.length() : dot;
        while (end > 0 && name.charAt(end - 1) == ' ') {
            end--;
        }
        if (end < 3 || end > 7) {
            return false;
        }
        String base = name.substring(0, end).toUpperCase(java.util.Locale.ROOT);
        return switch (base) {
            case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$" -> true;
            default -> base.length() == 4 && (base.startsWith("COM") || base.startsWith("LPT"))
                    && isDeviceDigit(base.charAt(3));
        };
    }

    private static boolean isDeviceDigit(char c) {
        // COM0–COM9, LPT0–LPT9 and the superscripts ¹ ² ³, which Windows also reads as device numbers
        return (c >= '0' && c <= '9') || c == '\u00B9' || c == '\u00B2' || c == '\u00B3';
    }

    /**
     * Lower-cases ASCII letters only. {@code String.toLowerCase(Locale.ROOT)} would also map the
     * Kelvin sign U+212A to {@code k} and U+0130 to {@code i} plus a combining dot, letting
     * characters that are not in the allow-list match it.
     */
    static String asciiLowerCase(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = text.toCharArray();
                for (int j = i; j < n; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] = (char) (chars[j] + ('a' - 'A'));
                    }
                }
                return new String(chars);
            }
        }
        return text;
    }

    static boolean isPairAt(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
