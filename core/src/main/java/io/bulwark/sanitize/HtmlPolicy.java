package io.bulwark.sanitize;

/**
 * Bulwark's named HTML policies. None lets text live inside {@code style}, {@code script},
 * {@code noscript}, {@code noembed}, {@code noframes}, {@code iframe} or comments.
 */
public enum HtmlPolicy {
    /** No markup survives; text is kept (and escaped). */
    TEXT,
    /**
     * Simple formatting: b, i, em, strong, u, s, code, pre, br, p, blockquote, ul, ol, li, and
     * {@code a} with an http, https or mailto {@code href}, {@code rel="nofollow noopener noreferrer"}
     * forced and {@code target} dropped.
     */
    BASIC,
    /** BASIC plus headings, tables, and {@code img} with an https {@code src}, {@code alt}, {@code width}, {@code height}. */
    RICH
}
