package io.bulwark.examples;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Serves a servlet context on 127.0.0.1: both demos run on Jetty, one with Jersey inside. */
final class DemoJetty {

    private DemoJetty() {
    }

    /**
     * Starts Jetty with the context.
     *
     * @param context the application
     * @param port the port; 0 picks a free one
     * @param what what is starting, for the error message
     * @return the running server
     * @throws IllegalStateException if it does not start (port taken, a failed deployment)
     */
    static RunningDemo serve(ServletContextHandler context, int port, String what) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        // A failed deployment must fail start() rather than leave a server that answers 503.
        context.getServletHandler().setStartWithUnavailable(false);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException(what + " did not start on port " + port + ": " + e.getMessage(), e);
        }
        return new RunningDemo() {
            @Override
            public int port() {
                return connector.getLocalPort();
            }

            @Override
            public void close() {
                stopQuietly(server);
            }
        };
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping: nothing left to do
        }
    }
}
