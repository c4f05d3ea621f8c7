/**
 * Bulwark for Jakarta REST (JAX-RS 3.1 and later): register {@link io.bulwark.jaxrs.BulwarkFeature} and
 * annotate resource methods. At deployment the feature reads each resource method's annotations
 * into an {@link io.bulwark.EndpointPolicy} and binds a request filter carrying it; per request the
 * filter asks {@link io.bulwark.Bulwark#check} and either aborts with the core's denial or exposes
 * the verified token through the request's {@link jakarta.ws.rs.core.SecurityContext}. Exception
 * mappers and a reader interceptor turn invalid, unreadable and oversized bodies into the core's
 * 400 and 413 problems. Nothing here is specific to one runtime.
 */
@NullMarked
package io.bulwark.jaxrs;

import org.jspecify.annotations.NullMarked;
