package io.bulwark.sanitize;

import java.util.Set;

/**
 * What sanitizing would remove from an input: the names of discarded elements and attributes
 * (never their values).
 *
 * @param discardedElements element names the policy would drop
 * @param discardedAttributes attribute names the policy would drop
 */
public record HtmlCheck(Set<String> discardedElements, Set<String> discardedAttributes) {

    /** Copies the sets. */
    public HtmlCheck {
        discardedElements = Set.copyOf(discardedElements);
        discardedAttributes = Set.copyOf(discardedAttributes);
    }

    /** Whether sanitizing would keep the input's meaning (only re-encode it). */
    public boolean clean() {
        return discardedElements.isEmpty() && discardedAttributes.isEmpty();
    }
}
