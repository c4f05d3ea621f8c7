package io.bulwark.jaxrs.resteasy;

import io.bulwark.jaxrs.RemoteAddressProvider;
import io.undertow.Undertow;
import io.undertow.servlet.api.DeploymentInfo;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.core.ResteasyContext;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.jboss.resteasy.spi.ResteasyDeployment;

/**
 * RESTEasy 6.2 on Undertow, on a free loopback port, with RESTEasy's own {@code @RolesAllowed}
 * handling switched on. The runtime glue for the client's address is a {@link RemoteAddressProvider}
 * reading the servlet request RESTEasy keeps in its context.
 */
final class ResteasyServers {

    /** RESTEasy's way to the connection's address: the servlet request in its context data. */
    static final RemoteAddressProvider REMOTE_ADDRESS = request -> {
        HttpServletRequest servlet = ResteasyContext.getContextData(HttpServletRequest.class);
        return servlet == null ? null : servlet.getRemoteAddr();
    };

    private final List<UndertowJaxrsServer> running = new ArrayList<>();

    /**
     * Deploys an application of singletons and starts a server for it.
     *
     * @param singletons the providers and features (instances)
     * @param resources the resource classes
     * @return its base URI
     * @throws IOException when no free port can be had
     */
    URI start(Set<Object> singletons, Set<Class<?>> resources) throws IOException {
        int port = freePort();
        UndertowJaxrsServer server = new UndertowJaxrsServer();
        running.add(server);
        server.start(Undertow.builder().addHttpListener(port, "127.0.0.1"));
        ResteasyDeployment deployment = new ResteasyDeploymentImpl();
        deployment.setApplication(new Application() {
            @Override
            public Set<Class<?>> getClasses() {
                return resources;
            }

            @Override
            public Set<Object> getSingletons() {
                return singletons;
            }
        });
        deployment.setSecurityEnabled(true);
        DeploymentInfo info = server.undertowDeployment(deployment, "/");
        info.setClassLoader(ResteasyServers.class.getClassLoader());
        info.setContextPath("/");
        info.setDeploymentName("bulwark-" + port);
        server.deploy(info);
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops every server started. */
    void stopAll() {
        for (UndertowJaxrsServer server : running) {
            server.stop();
        }
        running.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
