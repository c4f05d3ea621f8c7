package io.bulwark.jaxrs.servlet;

import io.bulwark.jaxrs.RemoteAddressProvider;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * The runtime glue for the client's address on a Servlet container: Jakarta REST runtimes running
 * as servlets (Jersey's {@code ServletContainer}, RESTEasy's dispatcher) expose servlet request
 * attributes as request properties, so the connection's address set here reaches the default
 * {@link RemoteAddressProvider#fromProperty()}.
 */
public final class RemoteAddressFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute(RemoteAddressProvider.PROPERTY, request.getRemoteAddr());
        chain.doFilter(request, response);
    }
}
