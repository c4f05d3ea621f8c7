package io.bulwark.sanitize;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What the OWASP sanitizer does to text that holds no markup, done without its lexer, policy and
 * renderer.
 *
 * <p>Text without a {@code <} reaches OWASP's renderer as one text token, entity-decoded, and leaves
 * it through {@code org.owasp.html.Encoding.encodePcdataOnto} (owasp-java-html-sanitizer
 * 20260313.1). That encoder, and the decoder before it, rewrite exactly these code units:
 *
 * <ul>
 *   <li>{@code &} starts a character reference, {@code <} markup: left to the parser;</li>
 *   <li>{@code " ' + = > @ `} become {@code &#34; &#39; &#43; &#61; &gt; &#64; &#96;};</li>
 *   <li>C0 controls other than tab, line feed and carriage return are dropped (not XML
 *       characters): left to the parser, as dropping one can bring two code units together that
 *       the rules below treat differently;</li>
 *   <li><code>&#123;</code> becomes <code>&#123;&lt;!-- --&gt;</code> when another <code>&#123;</code> or
 *       the end of the text follows (so that Angular-style templates cannot run);</li>
 *   <li>U+1FEF (it normalizes to a backtick) becomes {@code &#8175;};</li>
 *   <li>a surrogate pair becomes a hexadecimal character reference; an unpaired surrogate is
 *       dropped (left to the parser);</li>
 *   <li>U+FE60 and above become hexadecimal character references, except the non-characters
 *       U+FFFE and U+FFFF, which are dropped (left to the parser);</li>
 *   <li>U+200C (ZWNJ) is dropped right before certain Devanagari, Bengali and Telugu vowels (the 2018
 *       iOS rendering crash).</li>
 * </ul>
 *
 * <p>Anything else (a C1 control, DEL, every other BMP character) passes through untouched. The
 * property test {@code HtmlSanitizerFastPathTest} holds this class to the OWASP output character for
 * character; re-run it whenever the OWASP version changes.
 */
final class PlainTextFastPath {

    /** Output equals input. */
    private static final byte KEEP = 0;
    /** Always replaced by the same character reference. */
    private static final byte ESCAPE = 1;
    /** Replaced or not depending on the next character. */
    private static final byte BRACE = 2;
    /** Markup, a character reference or a dropped control: only the parser knows. */
    private static final byte PARSE = 3;

    /** The smallest non-ASCII code unit the encoder may rewrite (U+1FEF GREEK VARIA). */
    private static final char FIRST_REWRITTEN_NON_ASCII = '\u1FEF';

    private static final char ZWNJ = '\u200C';

    private static final String BROKEN_BRACE = "{<!-- -->";

    private static final byte[] ASCII_ACTION = new byte[0x80];
    private static final String[] ASCII_ENTITY = new String[0x80];

    static {
        for (char c = 0; c < 0x20; c++) {
            if (c != '\t' && c != '\n' && c != '\r') {
                ASCII_ACTION[c] = PARSE;
            }
        }
        ASCII_ACTION['<'] = PARSE;
        ASCII_ACTION['&'] = PARSE;
        ASCII_ACTION['{'] = BRACE;
        // Same strings as org.owasp.html.Encoding.REPLACEMENTS.
        escape('"', "&#34;");
        escape('\'', "&#39;");
        escape('+', "&#43;");
        escape('=', "&#61;");
        escape('>', "&gt;");
        escape('@', "&#64;");
        escape('`', "&#96;");
    }

    /**
     * Characters looked at one by one before the byte scan starts: markup usually shows itself at
     * once, and short texts are not worth a copy.
     */
    private static final int CHARACTER_SCAN_PREFIX = 16;

    /** Below this length, getting the bytes costs more than the pair scan saves. */
    private static final int PAIR_SCAN_MIN_LENGTH = 32;

    private static final VarHandle LONG_VIEW =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * For each pair of Latin-1 bytes ({@code first | second << 8}), non-zero if either byte is one
     * the sanitizer may rewrite, or {@code ?}, which stands for any character outside Latin-1 in
     * {@code getBytes(ISO_8859_1)}. 64 KB, built once.
     */
    private static final byte[] SUSPECT_PAIR = new byte[0x10000];

    static {
        boolean[] suspect = new boolean[0x100];
        for (int c = 0; c < 0x80; c++) {
            suspect[c] = ASCII_ACTION[c] != KEEP;
        }
        suspect['?'] = true;
        for (int pair = 0; pair < SUSPECT_PAIR.length; pair++) {
            SUSPECT_PAIR[pair] = (byte) (suspect[pair & 0xFF] || suspect[pair >>> 8] ? 1 : 0);
        }
    }

    private static void escape(char c, String entity) {
        ASCII_ACTION[c] = ESCAPE;
        ASCII_ENTITY[c] = entity;
    }

    private PlainTextFastPath() {
    }

    /**
     * Sanitizes markup-free text as the OWASP renderer would, if it can do so exactly.
     *
     * @param text the input
     * @return {@code text} itself if the sanitizer would leave it unchanged; the sanitizer's output
     *     if every rewrite it needs is a fixed one; {@code null} if the text needs the parser
     *     (markup, a character reference, a control character, an unpaired surrogate or a
     *     non-character)
     */
    static @Nullable String sanitize(String text) {
        int n = text.length();
        byte[] latin1 = null;
        int i = firstRewritten(text, 0, Math.min(n, CHARACTER_SCAN_PREFIX));
        if (i < 0 && n > CHARACTER_SCAN_PREFIX) {
            latin1 = latin1Bytes(text, n);
            i = nextRewritten(text, latin1, CHARACTER_SCAN_PREFIX, n);
        }
        if (i < 0) {
            return text;
        }
        char @Nullable [] out = null;
        int length = 0;
        int pos = 0;
        while (i >= 0) {
            char c = text.charAt(i);
            String replacement;
            int next = i + 1;
            if (c < 0x80) {
                byte action = ASCII_ACTION[c];
                if (action == ESCAPE) {
                    replacement = ASCII_ENTITY[c];
                } else if (action == BRACE) {
                    replacement = BROKEN_BRACE;
                } else {
                    return null;
                }
            } else if (c == FIRST_REWRITTEN_NON_ASCII) {
                replacement = "&#8175;";
            } else if (c == ZWNJ) {
                replacement = "";
            } else if (Character.isHighSurrogate(c) && next < n && Character.isLowSurrogate(text.charAt(next))) {
                replacement = hexReference(Character.toCodePoint(c, text.charAt(next)));
                next++;
            } else if (c >= '\uFE60' && c < '\uFFFE') {
                replacement = hexReference(c);
            } else {
                // An unpaired surrogate, U+FFFE or U+FFFF: dropped after decoding, which may join
                // its neighbours.
                return null;
            }
            int run = i - pos;
            int needed = length + run + replacement.length() + (n - next);
            if (out == null) {
                // Allocated only now that the text is known to need no parser (HTML usually shows
                // that at its first character). A rewrite mostly adds four characters (' becomes
                // &#39;): a quarter more room covers one in every sixteen, chatty prose, at once.
                out = new char[Math.max(needed, n + (n >>> 2) + 16)];
            } else if (needed > out.length) {
                out = Arrays.copyOf(out, Math.max(needed + 16, out.length + (out.length >>> 1)));
            }
            text.getChars(pos, i, out, length);
            length += run;
            replacement.getChars(0, replacement.length(), out, length);
            length += replacement.length();
            pos = next;
            i = nextRewritten(text, latin1, pos, n);
        }
        text.getChars(pos, n, out, length);
        length += n - pos;
        return new String(out, 0, length);
    }

    /**
     * Where the sanitizer's output would first differ from the text.
     *
     * @param text the input
     * @return the index of the first code unit the sanitizer would rewrite, or -1 if it would
     *     return the text unchanged
     */
    static int firstRewritten(String text) {
        int n = text.length();
        return nextRewritten(text, n > CHARACTER_SCAN_PREFIX ? latin1Bytes(text, n) : null, 0, n);
    }

    /**
     * The text's bytes, if it is worth scanning them and they line up with its characters.
     *
     * <p>Samples three characters first: a string that starts, middles and ends in Latin-1 is
     * scanned as bytes, any other by character. Getting the bytes of a string in another script
     * would cost more than the scan saves (the JDK replaces each non-Latin-1 character on a slow
     * path); a mixed string that the sample misjudges pays that, still far below the parser's cost.
     */
    private static byte @Nullable [] latin1Bytes(String text, int n) {
        if (n < PAIR_SCAN_MIN_LENGTH || (text.charAt(0) | text.charAt(n >>> 1) | text.charAt(n - 1)) > 0xFF) {
            return null;
        }
        // Exact for Latin-1 characters (a copy of a compact string's bytes); every other character
        // becomes '?', which SUSPECT_PAIR flags, so the string itself decides about it.
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        // A surrogate pair becomes one '?': then byte and character indices no longer line up.
        return latin1.length == n ? latin1 : null;
    }

    /**
     * The scan for text whose characters are (almost) all Latin-1, the common case, at about two
     * machine operations per character: eight characters are read at once as the bytes of a long,
     * and looked up two at a time in {@link #SUSPECT_PAIR}. A word with a suspect pair is then
     * looked at character by character; most suspects are real rewrites, and the rest
     * ({@code ?}, a lone brace, a non-Latin-1 character) cost a few nanoseconds each.
     */
    private static int nextRewritten(String text, byte @Nullable [] latin1, int from, int to) {
        if (latin1 == null) {
            return firstRewritten(text, from, to);
        }
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long word = (long) LONG_VIEW.get(latin1, i);
            if ((SUSPECT_PAIR[(int) word & 0xFFFF] | SUSPECT_PAIR[(int) (word >>> 16) & 0xFFFF]
                    | SUSPECT_PAIR[(int) (word >>> 32) & 0xFFFF] | SUSPECT_PAIR[(int) (word >>> 48)]) != 0) {
                int found = firstRewritten(text, i, i + 8);
                if (found >= 0) {
                    return found;
                }
            }
        }
        return firstRewritten(text, i, to);
    }

    private static int firstRewritten(String text, int from, int to) {
        // One table load per ASCII code unit, one compare per other code unit; every rare case is
        // left to a method that the JIT keeps out of the loop body.
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (ASCII_ACTION[c] != KEEP && isRewrittenAscii(text, i, c)) {
                    return i;
                }
            } else if (c >= FIRST_REWRITTEN_NON_ASCII && isRewrittenNonAscii(text, i, c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isRewrittenAscii(String text, int i, char c) {
        return c != '{' || isBraceRewritten(text, i);
    }

    private static boolean isRewrittenNonAscii(String text, int i, char c) {
        if (c == FIRST_REWRITTEN_NON_ASCII || c >= '\uD800' && c <= '\uDFFF' || c >= '\uFE60') {
            return true;
        }
        return c == ZWNJ && isZwnjDropped(text, i);
    }

    /** As {@code Encoding.appendNumericEntity} writes code points at or above U+1000. */
    private static String hexReference(int codePoint) {
        // Integer.toHexString is lower-case without leading zeros, like OWASP's digit loop.
        return "&#x" + Integer.toHexString(codePoint) + ';';
    }

    /** OWASP breaks up a double brace and a trailing brace, so that client-side templates see no expression. */
    private static boolean isBraceRewritten(String text, int i) {
        return i + 1 == text.length() || text.charAt(i + 1) == '{';
    }

    private static boolean isZwnjDropped(String text, int i) {
        return i + 1 < text.length() && isIndicVowel(text.charAt(i + 1));
    }

    /** The vowels of {@code Encoding.encodeHtmlOnto} that a preceding ZWNJ is dropped before. */
    private static boolean isIndicVowel(char c) {
        return c >= '\u093A' && c <= '\u0C4C'
                && (c <= '\u094F'
                        || c >= '\u0985' && c <= '\u0994'
                        || c >= '\u09BE' && c < '\u09CC'
                        || c >= '\u09E0' && c <= '\u09E3'
                        || c >= '\u0C05' && c <= '\u0C14'
                        || c >= '\u0C3E' && c != '\u0C48');
    }
}
