package io.bulwark.jaxrs;

import io.bulwark.Decision;
import io.bulwark.RequestContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds the headers of an admitting decision (RateLimit, security headers) to the application's
 * response. A header the application set itself is left alone, as a servlet application may
 * overwrite what a filter set before it. Ends the request's {@link RequestContext} on this thread.
 */
final class BulwarkResponseFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        // The resource has run: the request's id and subject leave this thread (and the MDC).
        RequestContext.clear();
        if (!(request.getProperty(BulwarkRequestFilter.DECISION) instanceof Decision.Allow allow)) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        // putIfAbsent: one lookup to find the header absent and one to add it (containsKey then
        // putSingle looked the name up three times). The list stays mutable for later filters.
        allow.headers().forEach((name, value) -> {
            List<Object> values = new ArrayList<>(1);
            values.add(value);
            headers.putIfAbsent(name, values);
        });
    }
}
