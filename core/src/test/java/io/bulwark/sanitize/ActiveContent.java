package io.bulwark.sanitize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Finds what could run or load in sanitized HTML, the way a browser would see it: the output is
 * re-parsed with jsoup's HTML5 parser (mutation XSS lives in the difference between the
 * sanitizer's reading and the browser's).
 */
final class ActiveContent {

    /** Elements that must never come out of a Bulwark policy. */
    static final Set<String> FORBIDDEN_ELEMENTS = Set.of(
            "script", "style", "iframe", "object", "embed", "form", "svg", "math", "base", "meta",
            "link", "noscript", "noembed", "noframes", "template", "frame", "frameset", "applet");

    /** Attributes that hold a URL a browser may load or navigate to. */
    private static final Set<String> URL_ATTRIBUTES = Set.of(
            "href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data",
            "background", "lowsrc", "dynsrc", "codebase", "cite", "ping");

    private static final List<String> SCRIPTABLE_SCHEMES = List.of("javascript:", "vbscript:", "data:");

    /** What jsoup adds around any fragment. */
    private static final Set<String> DOCUMENT_ELEMENTS = Set.of("#root", "html", "head", "body");

    private static final Set<String> BASIC_ELEMENTS = Set.of(
            "b", "i", "em", "strong", "u", "s", "code", "pre", "br", "p", "blockquote", "ul", "ol", "li", "a");

    private static final Set<String> RICH_ELEMENTS = union(BASIC_ELEMENTS, Set.of(
            "h1", "h2", "h3", "h4", "h5", "h6", "table", "caption", "colgroup", "col", "thead",
            "tbody", "tfoot", "tr", "th", "td", "img"));

    private ActiveContent() {
    }

    /**
     * The elements the issue grants each built-in policy: the test's own copy, not the code's.
     *
     * @param policy a built-in policy
     * @return its elements
     */
    static Set<String> allowedElements(HtmlPolicy policy) {
        switch (policy) {
            case TEXT:
                return Set.of();
            case BASIC:
                return BASIC_ELEMENTS;
            case RICH:
                return RICH_ELEMENTS;
            default:
                throw new IllegalArgumentException(policy.name());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /**
     * Every problem in the sanitized HTML.
     *
     * @param html a sanitizer's output
     * @param allowedElements the elements the policy allows (jsoup's implied tbody aside)
     * @return one line per problem; empty if none
     */
    static List<String> problems(String html, Set<String> allowedElements) {
        List<String> problems = new ArrayList<>();
        Document document = Jsoup.parse(html);
        for (Element element : document.getAllElements()) {
            String name = element.normalName();
            if (FORBIDDEN_ELEMENTS.contains(name)) {
                problems.add("element <" + name + ">");
            } else if (!DOCUMENT_ELEMENTS.contains(name) && !allowedElements.contains(name)
                    && !(name.equals("tbody") && allowedElements.contains("table"))) {
                problems.add("element <" + name + "> outside the policy");
            }
            for (Attribute attribute : element.attributes()) {
                String key = attribute.getKey().toLowerCase(Locale.ROOT);
                if (key.startsWith("on")) {
                    problems.add("event handler " + key + " on <" + name + ">");
                }
                if (key.equals("style")) {
                    problems.add("style attribute on <" + name + ">");
                }
                if (URL_ATTRIBUTES.contains(key)) {
                    String url = normalizedUrl(attribute.getValue());
                    for (String scheme : SCRIPTABLE_SCHEMES) {
                        if (url.startsWith(scheme)) {
                            problems.add(scheme + " URL in " + key + " on <" + name + ">");
                        }
                    }
                }
            }
        }
        return problems;
    }

    /** As a browser reads a scheme: trimmed, lower-cased, tabs, newlines and controls ignored. */
    static String normalizedUrl(String value) {
        StringBuilder url = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > ' ' && !(c >= 0x7F && c <= 0x9F) && !Character.isWhitespace(c)
                    && !Character.isSpaceChar(c) && c != '\uFEFF' && c != '\u200B') {
                url.append(Character.toLowerCase(c));
            }
        }
        return url.toString();
    }
}
