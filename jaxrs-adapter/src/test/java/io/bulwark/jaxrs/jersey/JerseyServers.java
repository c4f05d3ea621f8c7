package io.bulwark.jaxrs.jersey;

import io.bulwark.jaxrs.servlet.RemoteAddressFilter;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Jersey's servlet container on Jetty 12, on a free loopback port. The runtime glue for the
 * client's address is a servlet filter ({@link RemoteAddressFilter}).
 */
final class JerseyServers {

    private final List<Server> running = new ArrayList<>();

    /**
     * Deploys an application and starts a server for it.
     *
     * @param config the application
     * @return its base URI
     * @throws Exception when the deployment or the server fails
     */
    URI start(ResourceConfig config) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder remoteAddress = new FilterHolder(new RemoteAddressFilter());
        remoteAddress.setAsyncSupported(true);
        context.addFilter(remoteAddress, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder jersey = new ServletHolder(new ServletContainer(config));
        jersey.setAsyncSupported(true); // @Suspended and CompletionStage resources need it
        jersey.setInitOrder(0); // deploy at start-up, so that a bad deployment fails start()
        context.addServlet(jersey, "/*");
        server.setHandler(context);
        // A failed deployment must fail start() rather than leave a server that answers 503.
        context.getServletHandler().setStartWithUnavailable(false);
        running.add(server);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /**
     * Stops every server started.
     *
     * @throws Exception when one cannot stop
     */
    void stopAll() throws Exception {
        for (Server server : running) {
            server.stop();
        }
        running.clear();
    }
}
