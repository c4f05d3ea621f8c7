package io.bulwark.sanitize;

/**
 * Bulwark's named HTML policies, from strictest to most generous. None lets text live inside
 * {@code style}, {@code script}, {@code noscript}, {@code noembed}, {@code noframes},
 * {@code iframe} or {@code comment} elements, and none allows a {@code style} attribute, an event
 * handler or a URL that is not http(s) or mailto.
 *
 * @see HtmlSanitizer#of(HtmlPolicy)
 */
public enum HtmlPolicy {
    /**
     * No markup survives; text is kept (and escaped). The content of {@code script}, {@code style}
     * and similar elements is dropped with them, as it is not text a reader sees.
     */
    TEXT,
    /**
     * Simple formatting: {@code b, i, em, strong, u, s, code, pre, br, p, blockquote, ul, ol, li},
     * and {@code a} whose {@code href} is an absolute http, https or mailto URL (relative links are
     * dropped), with {@code rel="nofollow noopener noreferrer"} forced and {@code target} dropped.
     */
    BASIC,
    /**
     * BASIC plus {@code h1}–{@code h6}; tables ({@code table, caption, colgroup, col, thead, tbody,
     * tfoot, tr, th, td}, with numeric {@code colspan}, {@code rowspan} and {@code span}, and
     * {@code scope} on {@code th}); and {@code img} with an https {@code src} only, {@code alt},
     * and numeric {@code width} and {@code height}.
     */
    RICH
}
