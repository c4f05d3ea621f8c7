package io.bulwark.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.EndpointPolicy;
import io.bulwark.annotation.RateLimited;
import io.bulwark.contract.ContractApp;
import io.bulwark.ratelimit.EndpointLimit;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Configuration mistakes stop the application at start-up, on both containers, not at the first request. */
class FilterStartupIT {

    private final ContractApp app = new ContractApp();

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void contradictingAnnotationsStopTheApplication(ServletContainer container) {
        assertStartFailsSaying("ConflictingServlet", () -> container.start(new WebApp()
                .servlet(ConflictingServlet.class, "/conflict")
                .filter(BulwarkFilter.builder(app.bulwark()).build())).close());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void anUnknownNamedLimitStopsTheApplication(ServletContainer container) {
        assertStartFailsSaying("no-such-limit", () -> container.start(new WebApp()
                .servlet(UnknownLimitServlet.class, "/limited")
                .containerFilter(app.bulwark())).close());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void aContainerInstantiatedFilterWithoutConfigurationStopsTheApplication(ServletContainer container) {
        WebApp web = new WebApp().servlet(FineServlet.class, "/fine");
        web.filter = null;
        assertStartFailsSaying(BulwarkFilter.CONTEXT_ATTRIBUTE, () -> container.start(web).close());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void aContainerInstantiatedFilterUsesTheConfiguredFilterInTheContext(ServletContainer container) throws Exception {
        BulwarkFilter configured = BulwarkFilter.builder(app.bulwark())
                .route("GET", "/fine", EndpointPolicy.permitAll())
                .denyByDefault()
                .build();
        try (ServletContainer.RunningServer server = container.start(new WebApp()
                .servlet(FineServlet.class, "/fine", "/other")
                .containerFilter(configured))) {
            assertEquals(200, Http.send(Http.request(server.base(), "/fine")).statusCode());
            assertEquals(403, Http.send(Http.request(server.base(), "/other")).statusCode());
        }
    }

    @Test
    void builderRefusesARouteNamingAnUnknownLimit() {
        BulwarkFilter.Builder builder = BulwarkFilter.builder(app.bulwark())
                .route("/x", EndpointPolicy.permitAll().withRateLimits(List.of(EndpointLimit.named("no-such-limit"))));
        IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
        assertTrue(e.getMessage().startsWith("route * /x"), e.getMessage());
    }

    @Test
    void builderRefusesMalformedRoutes() {
        BulwarkFilter.Builder builder = BulwarkFilter.builder(app.bulwark());
        assertThrows(IllegalArgumentException.class, () -> builder.route("GET", "no-slash", EndpointPolicy.permitAll()));
        assertThrows(IllegalArgumentException.class, () -> builder.route("G ET", "/x", EndpointPolicy.permitAll()));
        assertThrows(IllegalArgumentException.class, () -> builder.route("", "/x", EndpointPolicy.permitAll()));
        builder.route("GET", "/x", EndpointPolicy.permitAll()).route("GET", "/x", EndpointPolicy.denyAll());
        assertThrows(IllegalArgumentException.class, builder::build);
    }

    /**
     * Start-up fails, and the filter's own failure says what to fix: in the thrown exception's causes
     * (Jetty), or in what the container logged about the failed filter (Tomcat marks the context
     * failed and logs the cause instead of passing it on).
     */
    private static void assertStartFailsSaying(String fragment, org.junit.jupiter.api.function.Executable start) {
        java.util.logging.Logger tomcat = java.util.logging.Logger.getLogger("org.apache.catalina");
        StringBuilder messages = new StringBuilder();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                append(messages, record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        tomcat.addHandler(capture);
        try {
            append(messages, assertThrows(Exception.class, start));
        } finally {
            tomcat.removeHandler(capture);
        }
        assertTrue(messages.toString().contains(fragment), messages.toString());
    }

    private static void append(StringBuilder messages, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append(" | ");
        }
    }

    public static final class ConflictingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @PermitAll
        @RolesAllowed("admin")
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("conflict");
        }
    }

    @PermitAll
    @RateLimited(name = "no-such-limit")
    public static final class UnknownLimitServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("limited");
        }
    }

    public static final class FineServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("fine");
        }
    }
}
