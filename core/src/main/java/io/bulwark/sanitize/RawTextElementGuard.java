package io.bulwark.sanitize;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.owasp.html.PolicyFactory;

/**
 * Refuses policies that let any of the raw-text elements through.
 *
 * <p>The OWASP sanitizer's recent bypasses (CVE-2025-66021 and the reports that followed it) all
 * need a policy that keeps text inside {@code style}, {@code script}, {@code noscript},
 * {@code noembed}, {@code noframes}, {@code iframe} or IE's {@code comment}: their content is
 * parsed differently by the sanitizer and the browser. A {@link PolicyFactory} cannot be inspected,
 * so the guard asks it: it sanitizes each element of HTML (and the raw-text ones) with and
 * without a spread of common attributes and looks for a raw-text start tag in the output. That
 * also catches an element policy that renames an allowed element into a raw-text one, and a
 * processor that inserts one.
 */
final class RawTextElementGuard {

    /** The elements no Bulwark policy may emit. */
    static final List<String> RAW_TEXT_ELEMENTS =
            List.of("style", "script", "noscript", "noembed", "noframes", "iframe", "comment");

    private static final Set<String> RAW_TEXT_ELEMENT_SET = Set.copyOf(RAW_TEXT_ELEMENTS);

    /** Every element of the HTML standard, plus the obsolete ones browsers still parse. */
    private static final List<String> PROBED_ELEMENTS = List.of(
            "style", "script", "noscript", "noembed", "noframes", "iframe", "comment",
            "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo",
            "blockquote", "body", "br", "button", "canvas", "caption", "cite", "code", "col",
            "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div", "dl",
            "dt", "em", "embed", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
            "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "img", "input",
            "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark", "math", "menu",
            "meta", "meter", "nav", "object", "ol", "optgroup", "option", "output", "p", "param",
            "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "search", "section",
            "select", "slot", "small", "source", "span", "strong", "sub", "summary", "sup", "svg",
            "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title",
            "tr", "track", "u", "ul", "var", "video", "wbr",
            "acronym", "applet", "basefont", "bgsound", "big", "blink", "center", "dir", "font",
            "frame", "frameset", "image", "isindex", "keygen", "listing", "marquee", "menuitem",
            "nobr", "plaintext", "rb", "rtc", "spacer", "strike", "tt", "xmp");

    private static final List<String> ATTRIBUTE_VARIANTS = List.of(
            "",
            " id=\"p\" class=\"p\" title=\"p\" lang=\"en\" dir=\"ltr\" name=\"p\" type=\"text/css\""
                    + " media=\"all\" nonce=\"p\" href=\"https://example.com/\""
                    + " src=\"https://example.com/p.png\" alt=\"p\" style=\"color:red\"");

    private RawTextElementGuard() {
    }

    /**
     * Throws if the policy lets a raw-text element through.
     *
     * @param policyName the name for the message
     * @param policy the policy to probe
     * @throws IllegalArgumentException naming the element and how it got through
     */
    static void requireNoRawTextElements(String policyName, PolicyFactory policy) {
        for (String attributes : ATTRIBUTE_VARIANTS) {
            for (String probed : PROBED_ELEMENTS) {
                String probe = "<" + probed + attributes + ">x</" + probed + ">";
                String found = firstRawTextStartTag(policy.sanitize(probe));
                if (found != null) {
                    String how = found.equals(probed) ? "" : " (from <" + probed + ">)";
                    throw new IllegalArgumentException("HTML policy '" + policyName + "' lets <" + found + ">"
                            + how + " through: no Bulwark policy may allow "
                            + String.join(", ", RAW_TEXT_ELEMENTS)
                            + ", whose text the sanitizer and browsers read differently (CVE-2025-66021);"
                            + " remove it from the policy's allowElements");
                }
            }
        }
    }

    /**
     * Finds a raw-text start tag in sanitized HTML (whose tag names OWASP has lower-cased).
     *
     * @param html a sanitizer's output
     * @return the name of the first raw-text element started, or null if none is
     */
    static @Nullable String firstRawTextStartTag(String html) {
        String lower = html.toLowerCase(Locale.ROOT);
        for (int lt = lower.indexOf('<'); lt >= 0; lt = lower.indexOf('<', lt + 1)) {
            int end = lt + 1;
            while (end < lower.length() && isNameChar(lower.charAt(end))) {
                end++;
            }
            String name = lower.substring(lt + 1, end);
            if (RAW_TEXT_ELEMENT_SET.contains(name)) {
                return name;
            }
        }
        return null;
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == ':' || c == '_';
    }
}
