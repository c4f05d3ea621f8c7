package io.bulwark.sanitize;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.owasp.html.HtmlChangeListener;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Sanitizes HTML with one policy, on the OWASP Java HTML Sanitizer. Immutable and thread-safe.
 *
 * <pre>{@code
 * HtmlSanitizer basic = HtmlSanitizer.of(HtmlPolicy.BASIC);
 * String clean = basic.sanitize("<p onclick=evil()>Hi <script>x</script></p>");   // "<p>Hi </p>"
 * boolean untouched = basic.check(userHtml).clean();
 * }</pre>
 */
public final class HtmlSanitizer {

    private static final Map<HtmlPolicy, HtmlSanitizer> BUILT_IN = new EnumMap<>(HtmlPolicy.class);

    static {
        PolicyFactory text = new HtmlPolicyBuilder().toFactory();
        PolicyFactory basic = new HtmlPolicyBuilder()
                .allowElements("b", "i", "em", "strong", "u", "s", "code", "pre", "br", "p", "blockquote", "ul", "ol", "li", "a")
                .allowUrlProtocols("http", "https", "mailto")
                .allowAttributes("href").onElements("a")
                .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
                .toFactory();
        PolicyFactory rich = basic
                .and(new HtmlPolicyBuilder()
                        .allowElements("h1", "h2", "h3", "h4", "h5", "h6")
                        .toFactory())
                .and(Sanitizers.TABLES)
                .and(new HtmlPolicyBuilder()
                        .allowElements("img")
                        .allowUrlProtocols("https")
                        .allowAttributes("src", "alt", "width", "height").onElements("img")
                        .toFactory());
        BUILT_IN.put(HtmlPolicy.TEXT, new HtmlSanitizer("TEXT", text));
        BUILT_IN.put(HtmlPolicy.BASIC, new HtmlSanitizer("BASIC", basic));
        BUILT_IN.put(HtmlPolicy.RICH, new HtmlSanitizer("RICH", rich));
    }

    private final String name;
    private final PolicyFactory policy;

    private HtmlSanitizer(String name, PolicyFactory policy) {
        this.name = name;
        this.policy = policy;
    }

    /**
     * The sanitizer of a built-in policy.
     *
     * @param policy the policy
     * @return its sanitizer (shared)
     */
    public static HtmlSanitizer of(HtmlPolicy policy) {
        return BUILT_IN.get(Objects.requireNonNull(policy, "policy"));
    }

    /**
     * Sanitizes.
     *
     * @param html untrusted HTML
     * @return HTML that the policy allows
     */
    public String sanitize(String html) {
        Objects.requireNonNull(html, "html");
        return policy.sanitize(html);
    }

    /**
     * Reports what sanitizing would remove.
     *
     * @param html untrusted HTML
     * @return the discarded element and attribute names
     */
    public HtmlCheck check(String html) {
        Objects.requireNonNull(html, "html");
        Set<String> elements = new LinkedHashSet<>();
        Set<String> attributes = new LinkedHashSet<>();
        policy.sanitize(html, new HtmlChangeListener<Void>() {
            @Override
            public void discardedTag(Void context, String elementName) {
                elements.add(elementName);
            }

            @Override
            public void discardedAttributes(Void context, String tagName, String... attributeNames) {
                attributes.addAll(java.util.List.of(attributeNames));
            }
        }, null);
        return new HtmlCheck(elements, attributes);
    }

    @Override
    public String toString() {
        return "HtmlSanitizer[" + name + "]";
    }
}
