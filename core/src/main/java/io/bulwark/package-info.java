/**
 * The framework-agnostic pipeline: {@link io.bulwark.Bulwark} takes a
 * {@link io.bulwark.SecurityRequest} and the {@link io.bulwark.EndpointPolicy} of its endpoint and
 * returns a {@link io.bulwark.Decision}: allow, with the principal and headers to add, or deny, with
 * the status, headers and problem body of the HTTP contract. Adapters translate; the core decides.
 */
@NullMarked
package io.bulwark;

import org.jspecify.annotations.NullMarked;
