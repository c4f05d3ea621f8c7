package io.bulwark.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where {@link BulwarkFeature} learns the address of the peer that connected: Jakarta REST has no
 * standard API for it, so each runtime needs a line of glue. The address is never taken from a
 * header; forwarding headers are the core's business, and only behind trusted proxies.
 *
 * <p>The default, {@link #fromProperty()}, reads the request property {@value #PROPERTY}, which the
 * runtime's glue sets to a literal IP address (a {@code String}, an {@link InetAddress} or an
 * {@link InetSocketAddress}):
 * <ul>
 *   <li><b>Jersey on Grizzly</b>: request properties are Grizzly request attributes; wrap the
 *       container's {@code HttpHandler} so that it calls
 *       {@code request.setAttribute(RemoteAddressProvider.PROPERTY, request.getRemoteAddr())} first.</li>
 *   <li><b>Any runtime on a Servlet container</b> (Jersey's servlet container, RESTEasy on Undertow,
 *       Jetty or Tomcat): request properties are servlet request attributes; a servlet
 *       {@code Filter} sets the attribute from {@code ServletRequest.getRemoteAddr()}.</li>
 *   <li><b>RESTEasy</b>, alternatively, without any filter:
 *       {@code request -> ResteasyContext.getContextData(HttpServletRequest.class).getRemoteAddr()}.</li>
 * </ul>
 *
 * <p>When the provider has no answer, the feature uses {@value #UNKNOWN} and logs a warning once:
 * forwarding headers are then never trusted, and limits keyed by client address are shared by all
 * clients.
 *
 * <pre>{@code
 * register(BulwarkFeature.builder(bulwark)
 *         .remoteAddress(request -> ResteasyContext.getContextData(HttpServletRequest.class).getRemoteAddr())
 *         .build());
 * }</pre>
 */
@FunctionalInterface
public interface RemoteAddressProvider {

    /** The request property read by {@link #fromProperty()}. */
    String PROPERTY = "io.bulwark.jaxrs.remoteAddress";

    /** The address used when the provider has none: the unspecified IPv4 address. */
    String UNKNOWN = "0.0.0.0";

    /**
     * The address of the peer that sent a request.
     *
     * @param request the request, before Bulwark decides on it
     * @return the peer's literal IP address, or {@code null} when unknown
     */
    @Nullable String remoteAddress(ContainerRequestContext request);

    /**
     * Reads the request property {@value #PROPERTY}.
     *
     * @return the provider
     */
    static RemoteAddressProvider fromProperty() {
        return fromProperty(PROPERTY);
    }

    /**
     * Reads a request property holding a literal IP address as a {@code String}, an
     * {@link InetAddress} or an {@link InetSocketAddress}.
     *
     * @param name the property's name
     * @return the provider
     */
    static RemoteAddressProvider fromProperty(String name) {
        Objects.requireNonNull(name, "name");
        return request -> literalOf(request.getProperty(name));
    }

    private static @Nullable String literalOf(@Nullable Object value) {
        if (value instanceof String text) {
            return text.isEmpty() ? null : text;
        }
        if (value instanceof InetSocketAddress socket) {
            InetAddress address = socket.getAddress();
            return address == null ? null : address.getHostAddress();
        }
        if (value instanceof InetAddress address) {
            return address.getHostAddress();
        }
        return null;
    }
}
