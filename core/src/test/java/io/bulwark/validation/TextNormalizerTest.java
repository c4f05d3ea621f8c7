package io.bulwark.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextNormalizerTest {

    private static final TextNormalizer STANDARD = TextNormalizer.standard();
    private static final TextNormalizer NFC_ONLY = TextNormalizer.builder().stripControlCharacters(false).build();
    private static final TextNormalizer STRIP_ONLY = TextNormalizer.builder().nfc(false).build();
    private static final TextNormalizer NOTHING = TextNormalizer.builder().nfc(false).stripControlCharacters(false).build();

    @Test
    void combiningSequenceAndPrecomposedLetterBecomeOneString() {
        String decomposed = "e\u0301";
        String precomposed = "\u00e9";
        assertNotEquals(precomposed, decomposed);

        assertEquals(precomposed, STANDARD.normalize(decomposed));
        assertEquals(STANDARD.normalize(precomposed), STANDARD.normalize(decomposed));
    }

    static Stream<Arguments> normalizations() {
        return Stream.of(
                Arguments.of("standard composes", STANDARD, "cafe\u0301", "caf\u00e9"),
                Arguments.of("standard composes Hangul jamo", STANDARD, "\u1100\u1161", "\uac00"),
                Arguments.of("standard orders combining marks", STANDARD, "a\u0323\u0302", "\u1ead"),
                Arguments.of("standard strips C0 controls", STANDARD, "a\u0000b\u0007c\u001bd", "abcd"),
                Arguments.of("standard strips DEL and C1 controls", STANDARD, "a\u007fb\u0085c\u009fd", "abcd"),
                Arguments.of("standard keeps tab, CR and LF", STANDARD, "a\tb\r\nc", "a\tb\r\nc"),
                Arguments.of("standard composes across a removed control", STANDARD, "e\u0000\u0301", "\u00e9"),
                Arguments.of("standard keeps bidi marks (not control characters)", STANDARD, "a\u200fb", "a\u200fb"),
                Arguments.of("standard does not fold compatibility forms", STANDARD, "\ufb01 \uff21", "\ufb01 \uff21"),
                Arguments.of("nfc only keeps controls", NFC_ONLY, "e\u0301\u0000", "\u00e9\u0000"),
                Arguments.of("strip only keeps decomposition", STRIP_ONLY, "e\u0301\u0000", "e\u0301"),
                Arguments.of("nothing changes nothing", NOTHING, "e\u0301\u0000", "e\u0301\u0000"),
                Arguments.of("empty stays empty", STANDARD, "", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normalizations")
    void normalizesAsConfigured(String description, TextNormalizer normalizer, String input, String expected) {
        assertEquals(expected, normalizer.normalize(input));
    }

    @Test
    void returnsTheSameStringWhenNothingChanges() {
        String ascii = "plain ascii text, nothing to do";
        String nfc = "d\u00e9j\u00e0 vu \u4e2d\u6587";
        assertSame(ascii, STANDARD.normalize(ascii));
        assertSame(nfc, STANDARD.normalize(nfc));
    }

    @Test
    void reportsItsConfiguration() {
        assertTrue(STANDARD.nfc());
        assertTrue(STANDARD.stripsControlCharacters());
        assertFalse(NOTHING.nfc());
        assertFalse(NOTHING.stripsControlCharacters());
    }

    @Test
    void fastPathBelowU0300AgreesWithTheJdk() {
        // the fast path skips the JDK for text below U+0300; every such pair must already be NFC
        for (char a = 0; a < 0x300; a++) {
            for (char b = 0; b < 0x300; b++) {
                String pair = new String(new char[] {a, b});
                if (!Normalizer.isNormalized(pair, Normalizer.Form.NFC)) {
                    throw new AssertionError("not NFC: U+" + Integer.toHexString(a) + " U+" + Integer.toHexString(b));
                }
            }
        }
    }

    @Test
    void nfcNeverCreatesOrRemovesACharacterTheConstraintsLookFor() {
        // the constraints judge the NFC form: no code point may gain or lose one of these by normalizing
        String watched = "<>&#/\\.:\"|?* \t\r\n";
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                continue;
            }
            String one = Character.toString(cp);
            String nfc = Normalizer.normalize(one, Normalizer.Form.NFC);
            if (nfc.equals(one)) {
                continue;
            }
            for (int i = 0; i < nfc.length(); i++) {
                char c = nfc.charAt(i);
                boolean flagged = watched.indexOf(c) >= 0 || Character.getType(c) == Character.CONTROL
                        || TextRules.isBidiControl(c);
                if (flagged) {
                    throw new AssertionError("U+" + Integer.toHexString(cp) + " normalizes to a watched character");
                }
            }
        }
    }
}
