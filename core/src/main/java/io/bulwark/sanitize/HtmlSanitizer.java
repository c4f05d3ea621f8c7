package io.bulwark.sanitize;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.owasp.html.HtmlChangeListener;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sanitizes untrusted HTML with one policy, on the OWASP Java HTML Sanitizer. Immutable and
 * thread-safe: build one per policy and share it.
 *
 * <pre>{@code
 * HtmlSanitizer basic = HtmlSanitizer.of(HtmlPolicy.BASIC);
 * basic.sanitize("<p onclick=evil()>Hi <script>x</script></p>");   // "<p>Hi </p>"
 * basic.check(userHtml).clean();                                   // would sanitizing remove anything?
 *
 * HtmlSanitizer withLinks = HtmlSanitizer.custom("links", new HtmlPolicyBuilder()
 *         .allowElements("a", "p")
 *         .allowStandardUrlProtocols()
 *         .allowAttributes("href").onElements("a"));
 * }</pre>
 *
 * <p>Input that holds no markup and nothing the policy would re-encode (most plain text) is
 * returned as it is, the same {@code String}, without running the HTML parser; markup-free text
 * that only needs a few characters encoded (an apostrophe, an emoji) is encoded directly. Either
 * way the result is exactly what the OWASP sanitizer returns, character for character.
 *
 * <p>A custom policy gets the same fast path if it encodes a set of probe texts exactly as OWASP's
 * renderer does, as every {@link HtmlPolicyBuilder} policy without a text-rewriting pre- or
 * postprocessor does. A processor that rewrites only some text (one word, say) and not the probes
 * would not see markup-free input; what the fast path returns is safe all the same, as it holds no
 * character that HTML gives a meaning to.
 */
public final class HtmlSanitizer {

    private static final Logger LOG = LoggerFactory.getLogger(HtmlSanitizer.class);

    /**
     * Markup-free texts that each use the fast path differently; a policy whose output for any of
     * them is not the fast path's (a processor that rewrites text, say) does without it.
     */
    private static final List<String> PLAIN_TEXT_PROBES = List.of(
            "",
            " \t\r\n ",
            "Plain text 123, with punctuation: ;?!.()[]/\\|~^%$#*_- and more.",
            "quotes \" ' + = > @ ` and braces {x} {{y}} end{",
            "Latin-1 \u00e4\u00f6\u00fc\u00df \u00a9\u00ae\u00b1\u00b5, DEL \u007f and C1 \u0085",
            "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac \u0420\u0443\u0441\u0441\u043a\u0438\u0439 \u4e2d\u6587"
                    + " \u05e2\u05d1\u05e8\u05d9\u05ea \u0627\u0644\u0639\u0631\u0628\u064a\u0629",
            "emoji \ud83d\ude00 \ud83d\udc4d\ud83c\udffd, \ufe60 \uff1c \ufffd and \u1fef",
            "ZWNJ \u200c\u093f and \u200cx");

    private static final Map<HtmlPolicy, HtmlSanitizer> BUILT_IN = new EnumMap<>(HtmlPolicy.class);

    static {
        for (HtmlPolicy policy : HtmlPolicy.values()) {
            BUILT_IN.put(policy, create(policy.name(), BuiltInPolicies.of(policy)));
        }
    }

    private final String name;
    private final PolicyFactory policy;
    private final boolean plainTextFastPath;

    private HtmlSanitizer(String name, PolicyFactory policy, boolean plainTextFastPath) {
        this.name = name;
        this.policy = policy;
        this.plainTextFastPath = plainTextFastPath;
    }

    /**
     * The sanitizer of a built-in policy.
     *
     * @param policy the policy
     * @return its sanitizer (one shared instance per policy)
     */
    public static HtmlSanitizer of(HtmlPolicy policy) {
        return BUILT_IN.get(Objects.requireNonNull(policy, "policy"));
    }

    /**
     * A sanitizer of a policy of your own. The builder's current state is used; later changes to
     * it do not reach the sanitizer.
     *
     * @param name a name for logs and messages, not blank
     * @param builder the policy
     * @return its sanitizer
     * @throws IllegalArgumentException if the name is blank, or if the policy lets any of
     *     {@code style}, {@code script}, {@code noscript}, {@code noembed}, {@code noframes},
     *     {@code iframe} or {@code comment} through (where the OWASP sanitizer's bypasses live,
     *     CVE-2025-66021)
     */
    public static HtmlSanitizer custom(String name, HtmlPolicyBuilder builder) {
        Objects.requireNonNull(builder, "builder");
        return custom(name, builder.toFactory());
    }

    /**
     * A sanitizer of a policy of your own, such as a built-in one joined with more grants:
     * {@code HtmlSanitizer.of(HtmlPolicy.BASIC).policyFactory().and(myFactory)}.
     *
     * @param name a name for logs and messages, not blank
     * @param policy the policy
     * @return its sanitizer
     * @throws IllegalArgumentException if the name is blank, or if the policy lets any of
     *     {@code style}, {@code script}, {@code noscript}, {@code noembed}, {@code noframes},
     *     {@code iframe} or {@code comment} through
     */
    public static HtmlSanitizer custom(String name, PolicyFactory policy) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        HtmlSanitizer sanitizer = create(name, policy);
        LOG.atDebug()
                .addKeyValue("policy", name)
                .addKeyValue("plainTextFastPath", sanitizer.plainTextFastPath)
                .log("custom HTML policy accepted");
        return sanitizer;
    }

    private static HtmlSanitizer create(String name, PolicyFactory policy) {
        RawTextElementGuard.requireNoRawTextElements(name, policy);
        boolean fastPath = true;
        for (String probe : PLAIN_TEXT_PROBES) {
            if (!policy.sanitize(probe).equals(encodeWithoutParser(probe))) {
                fastPath = false;
                LOG.atInfo()
                        .addKeyValue("policy", name)
                        .log("HTML policy rewrites plain text beyond HTML encoding; plain-text fast path off");
                break;
            }
        }
        return new HtmlSanitizer(name, policy, fastPath);
    }

    private static String encodeWithoutParser(String text) {
        String encoded = PlainTextFastPath.sanitize(text);
        return encoded != null ? encoded : "(needs the parser)";
    }

    /**
     * Sanitizes.
     *
     * @param html untrusted HTML (or plain text)
     * @return HTML that the policy allows; {@code html} itself (the same instance) if the policy
     *     would not change it
     */
    public String sanitize(String html) {
        Objects.requireNonNull(html, "html");
        if (plainTextFastPath) {
            String plain = PlainTextFastPath.sanitize(html);
            if (plain != null) {
                return plain;
            }
        }
        String sanitized = policy.sanitize(html);
        // Callers may test `sanitize(x) == x` for "nothing changed"; keep that true on this path too.
        return sanitized.equals(html) ? html : sanitized;
    }

    /**
     * Reports what sanitizing would remove, for rejecting input rather than repairing it. Text
     * without a {@code <} has no tag to remove and is answered without parsing.
     *
     * @param html untrusted HTML (or plain text)
     * @return the discarded element and attribute names
     */
    public HtmlCheck check(String html) {
        Objects.requireNonNull(html, "html");
        if (plainTextFastPath && html.indexOf('<') < 0) {
            return HtmlCheck.NOTHING_DISCARDED;
        }
        return checkWithParser(html);
    }

    /**
     * The name given to {@link #custom}, or the {@link HtmlPolicy} constant's name.
     *
     * @return the policy's name
     */
    public String name() {
        return name;
    }

    /**
     * The OWASP policy behind this sanitizer, to join with others ({@link PolicyFactory#and}) or to
     * use with OWASP's streaming API. Immutable.
     *
     * @return the policy factory
     */
    public PolicyFactory policyFactory() {
        return policy;
    }

    /**
     * The OWASP sanitizer alone, without the fast path: what {@link #sanitize} must equal.
     *
     * @param html untrusted HTML
     * @return OWASP's output
     */
    String sanitizeWithParser(String html) {
        return policy.sanitize(html);
    }

    /**
     * The OWASP sanitizer alone, without the fast path: what {@link #check} must equal.
     *
     * @param html untrusted HTML
     * @return what OWASP's change listener reported
     */
    HtmlCheck checkWithParser(String html) {
        Set<String> elements = new LinkedHashSet<>();
        Set<String> attributes = new LinkedHashSet<>();
        policy.sanitize(html, new HtmlChangeListener<Void>() {
            @Override
            public void discardedTag(@Nullable Void context, String elementName) {
                elements.add(elementName);
            }

            @Override
            public void discardedAttributes(@Nullable Void context, String tagName, String... attributeNames) {
                Collections.addAll(attributes, attributeNames);
            }
        }, null);
        return new HtmlCheck(elements, attributes);
    }

    /**
     * Whether this policy leaves plain text to the fast path.
     *
     * @return true for every built-in policy and every custom one that encodes text as OWASP does
     */
    boolean usesPlainTextFastPath() {
        return plainTextFastPath;
    }

    @Override
    public String toString() {
        return "HtmlSanitizer[" + name + "]";
    }
}
