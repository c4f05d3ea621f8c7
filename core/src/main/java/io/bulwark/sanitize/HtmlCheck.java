package io.bulwark.sanitize;

import java.util.Set;

/**
 * What sanitizing would remove from an input: the names of discarded elements and attributes
 * (never their values, which are untrusted input).
 *
 * <pre>{@code
 * HtmlCheck check = HtmlSanitizer.of(HtmlPolicy.BASIC).check("<p onclick=x()>Hi</p>");
 * check.clean();                  // false
 * check.discardedAttributes();    // [onclick]
 * }</pre>
 *
 * @param discardedElements element names the policy would drop, lower-cased
 * @param discardedAttributes attribute names the policy would drop, lower-cased
 */
public record HtmlCheck(Set<String> discardedElements, Set<String> discardedAttributes) {

    /** The result for input that has no tag at all. */
    static final HtmlCheck NOTHING_DISCARDED = new HtmlCheck(Set.of(), Set.of());

    /**
     * Copies the sets.
     *
     * @param discardedElements element names the policy would drop
     * @param discardedAttributes attribute names the policy would drop
     */
    public HtmlCheck {
        discardedElements = Set.copyOf(discardedElements);
        discardedAttributes = Set.copyOf(discardedAttributes);
    }

    /**
     * Whether sanitizing would keep every element and attribute of the input: the output may still
     * differ in encoding ({@code '} becomes {@code &#39;}, {@code <br>} becomes {@code <br />}) and
     * in balancing (a missing end tag is added), but nothing is taken away.
     *
     * @return true if no element and no attribute would be discarded
     */
    public boolean clean() {
        return discardedElements.isEmpty() && discardedAttributes.isEmpty();
    }
}
