/**
 * Bulwark for Jakarta Servlet 6.0+ containers: {@link io.bulwark.servlet.BulwarkFilter} turns each
 * request into a {@link io.bulwark.SecurityRequest}, finds its endpoint's
 * {@link io.bulwark.EndpointPolicy} (route rules, then the target servlet's annotations, then a
 * default) and writes what the core's {@link io.bulwark.Decision} says: the principal exposed through
 * {@code getUserPrincipal()}/{@code isUserInRole()}, the headers, or the denial. The adapter
 * translates; every status, header and problem body comes from the core.
 */
@NullMarked
package io.bulwark.servlet;

import org.jspecify.annotations.NullMarked;
