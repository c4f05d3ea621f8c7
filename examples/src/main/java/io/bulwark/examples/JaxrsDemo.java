package io.bulwark.examples;

import io.bulwark.annotation.Authenticated;
import io.bulwark.annotation.RateLimited;
import io.bulwark.annotation.RequiresScopes;
import io.bulwark.jaxrs.BulwarkFeature;
import io.bulwark.jaxrs.BulwarkPrincipal;
import io.bulwark.jaxrs.RemoteAddressProvider;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * The demo on Jersey: annotated resources and one line, {@code register(new BulwarkFeature(bulwark))}.
 * Jersey runs as a servlet on Jetty, where a one-line filter tells Bulwark the connection's address
 * (Jakarta REST has no API for it; see {@link RemoteAddressProvider}).
 */
final class JaxrsDemo {

    private JaxrsDemo() {
    }

    static RunningDemo start(DemoSecurity security, DemoApi api, int port) {
        ResourceConfig app = new ResourceConfig()
                .register(BulwarkFeature.builder(security.bulwark())
                        .defaultPolicy(io.bulwark.EndpointPolicy.denyAll())   // unannotated methods: nobody
                        .build())
                .register(new Api(api))
                .register(new Health(api));
        if (api.servesMetrics()) {
            app.register(new Metrics(api));
        }
        if (security.developmentMode()) {
            app.register(new Development(api, security));
        }

        ServletContextHandler context = new ServletContextHandler("/");
        Filter remoteAddress = (request, response, chain) -> {
            request.setAttribute(RemoteAddressProvider.PROPERTY, request.getRemoteAddr());
            chain.doFilter(request, response);
        };
        context.addFilter(new FilterHolder(remoteAddress), "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder jersey = new ServletHolder(new ServletContainer(app));
        jersey.setInitOrder(0);
        context.addServlet(jersey, "/*");
        return DemoJetty.serve(context, port, "Jersey");
    }

    static Response write(Reply reply) {
        Response.ResponseBuilder response = Response.status(reply.status()).type(reply.contentType()).entity(reply.body());
        reply.headers().forEach(response::header);
        return response.build();
    }

    /** The API: every endpoint limited per client address, authenticated ones per subject too. */
    @Path("/api")
    @RateLimited(name = DemoSecurity.PER_IP)
    public static final class Api {
        private final DemoApi api;

        Api(DemoApi api) {
            this.api = api;
        }

        /** Anyone. */
        @GET
        @Path("ping")
        @PermitAll
        public Response ping() {
            return write(api.ping());
        }

        /** Any valid token. */
        @GET
        @Path("me")
        @Authenticated
        @RateLimited(name = DemoSecurity.PER_USER)
        public Response me(@Context SecurityContext security) {
            return write(api.me(BulwarkPrincipal.require(security)));
        }

        /** Scope {@code orders:read}. */
        @GET
        @Path("orders")
        @RequiresScopes("orders:read")
        @RateLimited(name = DemoSecurity.PER_USER)
        public Response orders() {
            return write(api.orders());
        }

        /** Scope {@code orders:write}; the body is read through Bulwark's limit. */
        @POST
        @Path("orders")
        @RequiresScopes("orders:write")
        @RateLimited(name = DemoSecurity.PER_USER)
        public Response createOrder(@Context SecurityContext security, byte[] body) {
            return write(api.createOrder(BulwarkPrincipal.require(security), body));
        }

        /** Role {@code admin}. */
        @GET
        @Path("admin")
        @RolesAllowed("admin")
        @RateLimited(name = DemoSecurity.PER_USER)
        public Response admin(@Context SecurityContext security) {
            return write(api.admin(BulwarkPrincipal.require(security)));
        }

        /** Any valid token; HTML comes back as the BASIC policy leaves it. */
        @POST
        @Path("comments")
        @Authenticated
        @RateLimited(name = DemoSecurity.PER_USER)
        public Response comment(byte[] body) {
            return write(api.comment(body));
        }
    }

    /** Bulwark's health, for anyone and unlimited: a probe must not be refused, and each check costs little. */
    @Path("/health")
    @PermitAll
    public static final class Health {
        private final DemoApi api;

        Health(DemoApi api) {
            this.api = api;
        }

        /** 200, or 503 when a part is down. */
        @GET
        public Response health() {
            return write(api.health());
        }
    }

    /**
     * Bulwark's metrics for Prometheus, for anyone and unlimited like {@code /health}: a demo
     * convenience that a real deployment protects or does not expose.
     */
    @Path("/metrics")
    @PermitAll
    public static final class Metrics {
        private final DemoApi api;

        Metrics(DemoApi api) {
            this.api = api;
        }

        /** 200 with the scrape, in the Prometheus text format. */
        @GET
        public Response metrics() {
            return write(api.metrics());
        }
    }

    /** Development mode only: the demo's JWK set and its token endpoint. */
    @Path("/")
    @PermitAll
    public static final class Development {
        private final DemoApi api;
        private final DemoSecurity security;

        Development(DemoApi api, DemoSecurity security) {
            this.api = api;
            this.security = security;
        }

        /** The development key, public part. */
        @GET
        @Path(".well-known/jwks.json")
        public Response jwks() {
            return write(api.jwks(security));
        }

        /** A token for whoever asks: development only. */
        @POST
        @Path("dev/tokens")
        public Response tokens(byte[] body) {
            return write(api.issueToken(security, body));
        }
    }
}
