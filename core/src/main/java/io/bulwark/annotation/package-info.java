/**
 * The annotations an endpoint carries, beside the standard {@code jakarta.annotation.security}
 * ones ({@code @RolesAllowed}, {@code @PermitAll}, {@code @DenyAll}), and the one reader that turns
 * them into an {@link io.bulwark.EndpointPolicy} for both adapters.
 */
@NullMarked
package io.bulwark.annotation;

import org.jspecify.annotations.NullMarked;
