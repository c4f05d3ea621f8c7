package io.bulwark.jaxrs;

import io.bulwark.SecurityRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Optional;

/**
 * A thin view of a {@link ContainerRequestContext} for the core; made per request, reads lazily.
 * Form fields are not offered: reading them would consume the entity before the resource does.
 */
final class JaxrsSecurityRequest implements SecurityRequest {

    private final ContainerRequestContext request;
    private final String route;
    private final String remoteAddress;
    private final boolean secure;

    JaxrsSecurityRequest(ContainerRequestContext request, String route, String remoteAddress, boolean secure) {
        this.request = request;
        this.route = route;
        this.remoteAddress = remoteAddress;
        this.secure = secure;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return request.getUriInfo().getRequestUri().getPath();
    }

    @Override
    public List<String> headers(String name) {
        // Both runtimes keep inbound headers in a case-insensitive map.
        List<String> values = request.getHeaders().get(name);
        return values == null ? List.of() : values;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public boolean secure() {
        return secure;
    }

    @Override
    public String route() {
        return route;
    }

    @Override
    public Optional<String> query() {
        return Optional.ofNullable(request.getUriInfo().getRequestUri().getRawQuery());
    }

    @Override
    public List<String> queryParameters(String name) {
        String raw = request.getUriInfo().getRequestUri().getRawQuery();
        // The core asks for access_token on every request: skip decoding the whole query when the
        // name cannot be in it (it can hide only behind percent-encoding).
        if (raw == null || (raw.indexOf('%') < 0 && !raw.contains(name))) {
            return List.of();
        }
        List<String> values = request.getUriInfo().getQueryParameters().get(name);
        return values == null ? List.of() : values;
    }
}
