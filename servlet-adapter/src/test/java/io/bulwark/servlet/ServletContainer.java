package io.bulwark.servlet;

import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The real containers the adapter is proven on, each started on a free loopback port. */
enum ServletContainer {

    /** Embedded Jetty 12, EE 10 servlet environment. */
    JETTY {
        @Override
        RunningServer start(WebApp app) throws Exception {
            Server server = new Server();
            // HTTP/1.1, and HTTP/2 for the clients that ask for it (h2c upgrade); the tests' default client does not.
            HttpConfiguration config = new HttpConfiguration();
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config),
                    new HTTP2CServerConnectionFactory(config));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler(app.contextPath.isEmpty() ? "/" : app.contextPath);
            app.attributes.forEach(context::setAttribute);
            for (WebApp.ServletSpec spec : app.servlets) {
                ServletHolder holder = spec.instance() != null ? new ServletHolder(spec.name(), spec.instance())
                        : new ServletHolder(spec.name(), spec.type());
                holder.setAsyncSupported(true);
                for (String pattern : spec.patterns()) {
                    context.addServlet(holder, pattern);
                }
            }
            FilterHolder filter = app.filter != null ? new FilterHolder(app.filter) : new FilterHolder(BulwarkFilter.class);
            filter.setName("bulwark");
            filter.setAsyncSupported(true);
            context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
            if (!app.errorPages.isEmpty()) {
                ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
                app.errorPages.forEach(errors::addErrorPage);
                context.setErrorHandler(errors);
            }
            server.setHandler(context);
            try {
                server.start();
            } catch (Exception e) {
                server.stop();
                throw e;
            }
            if (!context.isAvailable()) {
                server.stop();
                throw new IllegalStateException("Jetty context failed to start");
            }
            URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            return new RunningServer(base, server::stop);
        }
    },

    /** Embedded Tomcat. */
    TOMCAT {
        @Override
        RunningServer start(WebApp app) throws Exception {
            Path baseDir = Files.createTempDirectory("bulwark-tomcat");
            // Deleted on close; but a stopped Tomcat was seen to make the (empty) directory again a
            // few milliseconds later, so the JVM removes it at exit as well.
            baseDir.toFile().deleteOnExit();
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());
            tomcat.setPort(0);
            Connector connector = tomcat.getConnector();
            connector.setProperty("address", "127.0.0.1");
            // HTTP/2 for the clients that ask for it (h2c upgrade); the tests' default client does not.
            connector.addUpgradeProtocol(new Http2Protocol());
            Context context = tomcat.addContext(app.contextPath, baseDir.toString());
            if (context instanceof StandardContext standard) {
                // The leak checks need --add-opens and only warn about it in every test.
                standard.setClearReferencesRmiTargets(false);
                standard.setClearReferencesThreadLocals(false);
            }
            if (!app.attributes.isEmpty()) {
                context.addServletContainerInitializer((classes, servletContext) ->
                        app.attributes.forEach(servletContext::setAttribute), null);
            }
            for (WebApp.ServletSpec spec : app.servlets) {
                Wrapper wrapper = spec.instance() != null ? Tomcat.addServlet(context, spec.name(), spec.instance())
                        : Tomcat.addServlet(context, spec.name(), spec.type().getName());
                wrapper.setAsyncSupported(true);
                for (String pattern : spec.patterns()) {
                    context.addServletMappingDecoded(pattern, spec.name());
                }
            }
            FilterDef def = new FilterDef();
            def.setFilterName("bulwark");
            if (app.filter != null) {
                def.setFilter(app.filter);
                def.setFilterClass(app.filter.getClass().getName());
            } else {
                def.setFilterClass(BulwarkFilter.class.getName());
            }
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("bulwark");
            map.addURLPatternDecoded("/*");
            for (DispatcherType type : DispatcherType.values()) {
                map.setDispatcher(type.name());
            }
            context.addFilterMap(map);
            app.errorPages.forEach((status, location) -> {
                ErrorPage page = new ErrorPage();
                page.setErrorCode(status);
                page.setLocation(location);
                context.addErrorPage(page);
            });
            try {
                tomcat.start();
                if (!context.getState().isAvailable()) {
                    throw new IllegalStateException("Tomcat context failed to start: " + context.getState());
                }
            } catch (Exception e) {
                // A context that cannot start (what some tests expect) leaves no base directory behind.
                try {
                    tomcat.stop();
                    tomcat.destroy();
                } catch (Exception cleanup) {
                    e.addSuppressed(cleanup);
                } finally {
                    delete(baseDir);
                }
                throw e;
            }
            URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            return new RunningServer(base, () -> {
                tomcat.stop();
                tomcat.destroy();
                delete(baseDir);
            });
        }
    };

    /** Tomcat logs through java.util.logging; its start and stop lines drown the test output. */
    private static final java.util.logging.Logger TOMCAT_LOGS = java.util.logging.Logger.getLogger("org.apache");

    static {
        TOMCAT_LOGS.setLevel(java.util.logging.Level.WARNING);
    }

    /**
     * Starts the app on a free loopback port.
     *
     * @param app the app
     * @return the running server; close it to stop it
     * @throws Exception if it cannot start
     */
    abstract RunningServer start(WebApp app) throws Exception;

    /** A started server. */
    record RunningServer(URI base, Stopper stopper) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stopper.stop();
        }
    }

    /** Stops a server. */
    @FunctionalInterface
    interface Stopper {
        void stop() throws Exception;
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
