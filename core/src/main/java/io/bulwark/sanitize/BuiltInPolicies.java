package io.bulwark.sanitize;

import java.util.Locale;
import org.owasp.html.AttributePolicy;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/** The OWASP policies behind {@link HtmlPolicy}'s constants. */
final class BuiltInPolicies {

    private static final String[] BASIC_ELEMENTS = {
        "b", "i", "em", "strong", "u", "s", "code", "pre", "br", "p", "blockquote", "ul", "ol", "li", "a",
    };

    private static final String[] HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"};

    private static final String[] TABLE_ELEMENTS = {
        "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    };

    /**
     * Links must name their scheme. OWASP's URL guard (which runs first and hands us a
     * space-stripped value) already refuses every scheme but these three, but lets relative and
     * scheme-relative URLs ({@code //evil.example}) through.
     */
    private static final AttributePolicy ABSOLUTE_LINK = (element, attribute, value) ->
            startsWithIgnoreCase(value, "https:") || startsWithIgnoreCase(value, "http:")
                    || startsWithIgnoreCase(value, "mailto:") ? value : null;

    /**
     * Images load without a click, so only https ones: no mixed content, no relative URL that
     * fires a same-origin GET, and never {@code data:} or {@code javascript:}.
     */
    private static final AttributePolicy HTTPS_SOURCE = (element, attribute, value) ->
            startsWithIgnoreCase(value, "https:") ? value : null;

    /** Sizes and spans: 1 to 4 decimal digits, nothing a browser could read as CSS or a percentage. */
    private static final AttributePolicy SMALL_NUMBER = (element, attribute, value) -> {
        int n = value.length();
        if (n == 0 || n > 4) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return value;
    };

    private static final AttributePolicy HEADER_SCOPE = (element, attribute, value) -> {
        String scope = value.trim().toLowerCase(Locale.ROOT);
        switch (scope) {
            case "row":
            case "col":
            case "rowgroup":
            case "colgroup":
                return scope;
            default:
                return null;
        }
    };

    private BuiltInPolicies() {
    }

    /**
     * Builds the OWASP policy of a constant.
     *
     * @param policy the constant
     * @return a new factory
     */
    static PolicyFactory of(HtmlPolicy policy) {
        switch (policy) {
            case TEXT:
                // No element at all: tags go, text stays, and the text of script, style and the
                // other raw-text elements goes with them (OWASP skips it).
                return new HtmlPolicyBuilder().toFactory();
            case BASIC:
                return basic().toFactory();
            case RICH:
                return rich().toFactory();
            default:
                throw new IllegalArgumentException("unknown policy " + policy);
        }
    }

    private static HtmlPolicyBuilder basic() {
        return new HtmlPolicyBuilder()
                .allowElements(BASIC_ELEMENTS)
                .allowUrlProtocols("http", "https", "mailto")
                .allowAttributes("href").matching(ABSOLUTE_LINK).onElements("a")
                // target is never allowed, so links cannot reach window.opener; the rels say so
                // again to the browser and keep crawlers from rewarding spam.
                .requireRelsOnLinks("nofollow", "noopener", "noreferrer");
    }

    /**
     * One builder rather than BASIC's factory joined with others: a factory's URL protocols are
     * its own, and keeping every grant in one place keeps the img rule (https only) from depending
     * on how OWASP merges factories.
     */
    private static HtmlPolicyBuilder rich() {
        return basic()
                .allowElements(HEADINGS)
                .allowElements(TABLE_ELEMENTS)
                .allowAttributes("colspan", "rowspan").matching(SMALL_NUMBER).onElements("td", "th")
                .allowAttributes("span").matching(SMALL_NUMBER).onElements("col", "colgroup")
                .allowAttributes("scope").matching(HEADER_SCOPE).onElements("th")
                .allowElements("img")
                .allowAttributes("src").matching(HTTPS_SOURCE).onElements("img")
                .allowAttributes("alt").onElements("img")
                .allowAttributes("width", "height").matching(SMALL_NUMBER).onElements("img");
    }

    private static boolean startsWithIgnoreCase(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
