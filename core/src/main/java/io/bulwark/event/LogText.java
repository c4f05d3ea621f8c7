package io.bulwark.event;

/**
 * Makes text from a request safe for one log line: control characters (CR, LF, tab, escape, …),
 * line and paragraph separators and bidirectional overrides become {@code ?}, so a crafted path
 * can neither forge a second line nor reorder what a reader sees, and the length is bounded
 * (never splitting a surrogate pair).
 *
 * <pre>{@code
 * log.atInfo().addKeyValue("path", LogText.printable(request.getRequestURI(), 200)).log("Order created");
 * }</pre>
 */
public final class LogText {

    private LogText() {
    }

    /**
     * The text with control characters replaced and cut to {@code maxLength} characters.
     *
     * @param text the text
     * @param maxLength the most characters kept, at least 1
     * @return the printable text; the same instance when nothing had to change
     */
    public static String printable(String text, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
        }
        int length = Math.min(text.length(), maxLength);
        if (length < text.length() && Character.isHighSurrogate(text.charAt(length - 1))) {
            length--; // half a character is no character
        }
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
            if (control) {
                if (out == null) {
                    out = new StringBuilder(length).append(text, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append(c);
            }
        }
        if (out != null) {
            return out.toString();
        }
        return length == text.length() ? text : text.substring(0, length);
    }
}
