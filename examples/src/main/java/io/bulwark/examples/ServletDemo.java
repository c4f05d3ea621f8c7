package io.bulwark.examples;

import io.bulwark.annotation.Authenticated;
import io.bulwark.annotation.RateLimited;
import io.bulwark.annotation.RequiresScopes;
import io.bulwark.servlet.BulwarkFilter;
import io.bulwark.token.VerifiedToken;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The demo on Jetty 12: annotated servlets behind {@link BulwarkFilter}. Each servlet says what it
 * requires; the filter reads it once per servlet and method, and anything no servlet claims is
 * denied.
 */
final class ServletDemo {

    private ServletDemo() {
    }

    static RunningDemo start(DemoSecurity security, DemoApi api, int port) {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(BulwarkFilter.builder(security.bulwark()).denyByDefault().build()),
                "/*", EnumSet.allOf(DispatcherType.class));
        context.addServlet(new ServletHolder(new Ping(api)), "/api/ping");
        context.addServlet(new ServletHolder(new Me(api)), "/api/me");
        context.addServlet(new ServletHolder(new Orders(api)), "/api/orders");
        context.addServlet(new ServletHolder(new Admin(api)), "/api/admin");
        context.addServlet(new ServletHolder(new Comments(api)), "/api/comments");
        context.addServlet(new ServletHolder(new Probe(api::health)), "/health");
        if (api.servesMetrics()) {
            context.addServlet(new ServletHolder(new Probe(api::metrics)), "/metrics");
        }
        if (security.developmentMode()) {
            context.addServlet(new ServletHolder(new Jwks(api, security)), "/.well-known/jwks.json");
            context.addServlet(new ServletHolder(new Tokens(api, security)), "/dev/tokens");
        }
        context.addServlet(new ServletHolder(new NotFound()), "/");
        return DemoJetty.serve(context, port, "Jetty");
    }

    static void write(HttpServletResponse response, Reply reply) throws IOException {
        response.setStatus(reply.status());
        reply.headers().forEach(response::setHeader);
        response.setContentType(reply.contentType());
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(reply.body().getBytes(StandardCharsets.UTF_8));
    }

    static VerifiedToken principal(HttpServletRequest request) {
        return (VerifiedToken) request.getUserPrincipal();
    }

    /** {@code GET /api/ping}: anyone, per address. */
    @PermitAll
    @RateLimited(name = DemoSecurity.PER_IP)
    static final class Ping extends HttpServlet {
        private final transient DemoApi api;

        Ping(DemoApi api) {
            this.api = api;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, api.ping());
        }
    }

    /** {@code GET /api/me}: any valid token. */
    @Authenticated
    @RateLimited(name = DemoSecurity.PER_IP)
    @RateLimited(name = DemoSecurity.PER_USER)
    static final class Me extends HttpServlet {
        private final transient DemoApi api;

        Me(DemoApi api) {
            this.api = api;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, api.me(principal(request)));
        }
    }

    /** {@code GET /api/orders} with {@code orders:read}; {@code POST} with {@code orders:write}. */
    @RateLimited(name = DemoSecurity.PER_IP)
    @RateLimited(name = DemoSecurity.PER_USER)
    static final class Orders extends HttpServlet {
        private final transient DemoApi api;

        Orders(DemoApi api) {
            this.api = api;
        }

        @Override
        @RequiresScopes("orders:read")
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, api.orders());
        }

        @Override
        @RequiresScopes("orders:write")
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, api.createOrder(principal(request), request.getInputStream().readAllBytes()));
        }
    }

    /** {@code GET /api/admin}: role {@code admin}. */
    @RolesAllowed("admin")
    @RateLimited(name = DemoSecurity.PER_IP)
    @RateLimited(name = DemoSecurity.PER_USER)
    static final class Admin extends HttpServlet {
        private final transient DemoApi api;

        Admin(DemoApi api) {
            this.api = api;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, api.admin(principal(request)));
        }
    }

    /** {@code POST /api/comments}: any valid token; the body is read through Bulwark's limit. */
    @Authenticated
    @RateLimited(name = DemoSecurity.PER_IP)
    @RateLimited(name = DemoSecurity.PER_USER)
    static final class Comments extends HttpServlet {
        private final transient DemoApi api;

        Comments(DemoApi api) {
            this.api = api;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, api.comment(request.getInputStream().readAllBytes()));
        }
    }

    /**
     * {@code GET /health} and {@code GET /metrics}: anyone, unlimited — a probe must not be refused.
     * {@code /metrics} is a demo convenience that a real deployment protects or does not expose.
     */
    @PermitAll
    static final class Probe extends HttpServlet {
        private final transient Supplier<Reply> reply;

        Probe(Supplier<Reply> reply) {
            this.reply = reply;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, reply.get());
        }
    }

    /** {@code GET /.well-known/jwks.json} (development mode). */
    @PermitAll
    static final class Jwks extends HttpServlet {
        private final transient DemoApi api;
        private final transient DemoSecurity security;

        Jwks(DemoApi api, DemoSecurity security) {
            this.api = api;
            this.security = security;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, api.jwks(security));
        }
    }

    /** {@code POST /dev/tokens} (development mode). */
    @PermitAll
    static final class Tokens extends HttpServlet {
        private final transient DemoApi api;
        private final transient DemoSecurity security;

        Tokens(DemoApi api, DemoSecurity security) {
            this.api = api;
            this.security = security;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            write(response, api.issueToken(security, request.getInputStream().readAllBytes()));
        }
    }

    /** Everything else: 404, as Jersey answers for a path no resource serves. */
    @PermitAll
    static final class NotFound extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
