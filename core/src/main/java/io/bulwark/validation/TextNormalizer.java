package io.bulwark.validation;

import java.text.Normalizer;
import java.util.Objects;

/**
 * Brings text to one spelling before it is checked or stored: Unicode NFC normalization, so that
 * "e" followed by U+0301 COMBINING ACUTE ACCENT and the single character "é" are the same string, and,
 * optionally, removal of control characters. Immutable and thread-safe.
 *
 * <pre>{@code
 * TextNormalizer normalizer = TextNormalizer.builder()
 *         .nfc(true)                       // the default
 *         .stripControlCharacters(true)    // the default: drops U+0000–U+001F and U+007F–U+009F but tab, CR, LF
 *         .build();
 * normalizer.normalize(input);   // "cafe" + U+0301 + U+0000 becomes "café"
 * }</pre>
 *
 * <p>NFC (canonical composition) never changes what a text means; it is the form the W3C
 * recommends for text on the web. Compatibility forms (NFKC) are deliberately not offered: they
 * fold characters such as {@code ﬁ} or full-width letters into others, which changes text.
 *
 * <p>Control characters are removed before composing, so that a base letter and its combining
 * mark separated by a control character compose once the control character is gone.
 */
public final class TextNormalizer {

    private static final TextNormalizer STANDARD = builder().build();

    /** Below U+0300 every character is NFC-stable and composes with nothing before it. */
    private static final char FIRST_COMPOSING = '\u0300';

    private final boolean nfc;
    private final boolean stripControlCharacters;

    private TextNormalizer(Builder builder) {
        this.nfc = builder.nfc;
        this.stripControlCharacters = builder.stripControlCharacters;
    }

    /**
     * The standard normalizer: NFC, control characters but tab, CR and LF removed.
     *
     * @return the shared standard normalizer
     */
    public static TextNormalizer standard() {
        return STANDARD;
    }

    /**
     * A builder; both steps are on until switched off.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Normalizes one text.
     *
     * @param text the text
     * @return the text in its normal form; the same instance when nothing changes
     */
    public String normalize(String text) {
        Objects.requireNonNull(text, "text");
        String result = stripControlCharacters ? stripControls(text) : text;
        return nfc ? toNfc(result) : result;
    }

    /**
     * Whether this normalizer applies NFC.
     *
     * @return true when NFC is applied
     */
    public boolean nfc() {
        return nfc;
    }

    /**
     * Whether this normalizer removes control characters other than tab, CR and LF.
     *
     * @return true when they are removed
     */
    public boolean stripsControlCharacters() {
        return stripControlCharacters;
    }

    /** NFC of a text; plain ASCII and Latin-1 text, the common case, is returned without copying. */
    static String toNfc(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (text.charAt(i) >= FIRST_COMPOSING) {
                return Normalizer.isNormalized(text, Normalizer.Form.NFC)
                        ? text
                        : Normalizer.normalize(text, Normalizer.Form.NFC);
            }
        }
        return text;
    }

    /**
     * Whether a character is a control character (Unicode general category Cc) other than tab, CR and LF.
     *
     * @param c a UTF-16 unit; every Cc character is in the BMP
     * @return whether it is a refused control character
     */
    static boolean isRefusedControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
    }

    private static String stripControls(String text) {
        int first = -1;
        for (int i = 0, n = text.length(); i < n; i++) {
            if (isRefusedControl(text.charAt(i))) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length() - 1);
        kept.append(text, 0, first);
        for (int i = first + 1, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (!isRefusedControl(c)) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    @Override
    public String toString() {
        return "TextNormalizer[nfc=" + nfc + ", stripControlCharacters=" + stripControlCharacters + "]";
    }

    /** Builds a {@link TextNormalizer}. Not thread-safe; build once, share the result. */
    public static final class Builder {

        private boolean nfc = true;
        private boolean stripControlCharacters = true;

        private Builder() {
        }

        /**
         * Whether to apply Unicode NFC (canonical composition). Default: on.
         *
         * @param nfc true to normalize to NFC
         * @return this builder
         */
        public Builder nfc(boolean nfc) {
            this.nfc = nfc;
            return this;
        }

        /**
         * Whether to remove control characters (U+0000–U+001F, U+007F–U+009F) other than tab,
         * CR and LF. Default: on.
         *
         * @param strip true to remove them
         * @return this builder
         */
        public Builder stripControlCharacters(boolean strip) {
            this.stripControlCharacters = strip;
            return this;
        }

        /**
         * Builds the normalizer.
         *
         * @return an immutable normalizer
         */
        public TextNormalizer build() {
            return new TextNormalizer(this);
        }
    }
}
