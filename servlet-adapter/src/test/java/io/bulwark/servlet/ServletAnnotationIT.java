package io.bulwark.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.EndpointPolicy;
import io.bulwark.annotation.Authenticated;
import io.bulwark.annotation.RequiresScopes;
import io.bulwark.contract.ContractApp;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Policies read from servlet annotations, over real HTTP on Jetty: class against method, each HTTP
 * method to its {@code doXxx}, {@code service} overrides, inherited methods, the default policy for
 * unannotated servlets, and a route rule overriding annotations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletAnnotationIT {

    private final ContractApp app = new ContractApp();
    private ServletContainer.RunningServer server;

    @BeforeAll
    void start() throws Exception {
        BulwarkFilter filter = BulwarkFilter.builder(app.bulwark())
                .route("GET", "/mixed/override", EndpointPolicy.denyAll())
                .build();
        server = ServletContainer.JETTY.start(new WebApp()
                .servlet(MixedServlet.class, "/mixed", "/mixed/*")
                .servlet(PlainServlet.class, "/plain")
                .servlet(ClassOnlyServlet.class, "/class-only")
                .servlet(GenericServiceServlet.class, "/generic")
                .servlet(InheritingServlet.class, "/inherited")
                .filter(filter));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    enum Caller { NONE, PLAIN, ADMIN, WRITER, SERVICE, EVERYTHING }

    static Stream<Arguments> cases() {
        return Stream.of(
                // class @Authenticated; doGet @PermitAll
                Arguments.of("GET", "/mixed", Caller.NONE, 200),
                // no doHead: HttpServlet runs doGet for HEAD, so doGet's annotations apply
                Arguments.of("HEAD", "/mixed", Caller.NONE, 200),
                // doPost unannotated: the class's @Authenticated
                Arguments.of("POST", "/mixed", Caller.NONE, 401),
                Arguments.of("POST", "/mixed", Caller.PLAIN, 200),
                // doPut @RolesAllowed("admin")
                Arguments.of("PUT", "/mixed", Caller.PLAIN, 403),
                Arguments.of("PUT", "/mixed", Caller.ADMIN, 200),
                // doDelete @DenyAll, whoever calls
                Arguments.of("DELETE", "/mixed", Caller.EVERYTHING, 403),
                // doOptions @PermitAll
                Arguments.of("OPTIONS", "/mixed", Caller.NONE, 200),
                // doPatch (Servlet 6.1's name, dispatched by the servlet's own service) @RequiresScopes("orders:write")
                Arguments.of("PATCH", "/mixed", Caller.PLAIN, 403),
                Arguments.of("PATCH", "/mixed", Caller.WRITER, 200),
                // an extension method: the unannotated service override, so the class's @Authenticated
                Arguments.of("PROPFIND", "/mixed", Caller.NONE, 401),
                Arguments.of("PROPFIND", "/mixed", Caller.PLAIN, 200),
                // no annotation anywhere: the default policy (authenticated)
                Arguments.of("GET", "/plain", Caller.NONE, 401),
                Arguments.of("GET", "/plain", Caller.PLAIN, 200),
                // class @RolesAllowed("admin"), unannotated doGet
                Arguments.of("GET", "/class-only", Caller.PLAIN, 403),
                Arguments.of("GET", "/class-only", Caller.ADMIN, 200),
                // a GenericServlet: service(ServletRequest, ServletResponse) @RequiresScopes("svc")
                Arguments.of("GET", "/generic", Caller.WRITER, 403),
                Arguments.of("POST", "/generic", Caller.SERVICE, 200),
                // doGet inherited from an abstract base servlet with @RolesAllowed("admin")
                Arguments.of("GET", "/inherited", Caller.PLAIN, 403),
                Arguments.of("GET", "/inherited", Caller.ADMIN, 200),
                // a GET route rule (deny all) overrides doGet's @PermitAll; other paths of the servlet keep it
                Arguments.of("GET", "/mixed/override", Caller.EVERYTHING, 403),
                Arguments.of("GET", "/mixed/other", Caller.NONE, 200),
                Arguments.of("POST", "/mixed/override", Caller.NONE, 401));
    }

    @ParameterizedTest(name = "{0} {1} as {2} -> {3}")
    @MethodSource("cases")
    void resolvesThePolicyOfTheServingMethod(String method, String path, Caller caller, int expected) throws Exception {
        HttpRequest.Builder request = Http.request(server.base(), path).method(method, HttpRequest.BodyPublishers.noBody());
        String token = token(caller);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = Http.send(request);
        assertEquals(expected, response.statusCode(), response.body());
        if (expected == 200 && !method.equals("HEAD")) {
            assertTrue(response.body().startsWith("served:"), response.body());
        }
    }

    private String token(Caller caller) {
        return switch (caller) {
            case NONE -> null;
            case PLAIN -> app.token("alice", List.of(), List.of());
            case ADMIN -> app.token("root", List.of(), List.of("admin"));
            case WRITER -> app.token("wendy", List.of("orders:write"), List.of());
            case SERVICE -> app.token("svc", List.of("svc"), List.of());
            case EVERYTHING -> app.token("root", List.of("orders:write", "svc"), List.of("admin"));
        };
    }

    static void served(HttpServletResponse response, String what) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write("served:" + what);
    }

    @Authenticated
    public static final class MixedServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
            switch (request.getMethod()) {
                case "PATCH" -> doPatch(request, response);
                case "PROPFIND" -> served(response, "propfind");
                default -> super.service(request, response);
            }
        }

        @PermitAll
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            served(response, "get");
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            served(response, "post");
        }

        @RolesAllowed("admin")
        @Override
        protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
            served(response, "put");
        }

        @DenyAll
        @Override
        protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
            served(response, "delete");
        }

        @PermitAll
        @Override
        protected void doOptions(HttpServletRequest request, HttpServletResponse response) throws IOException {
            served(response, "options");
        }

        @RequiresScopes("orders:write")
        protected void doPatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
            served(response, "patch");
        }
    }

    public static final class PlainServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            served(response, "plain");
        }
    }

    @RolesAllowed("admin")
    public static final class ClassOnlyServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            served(response, "class-only");
        }
    }

    public static final class GenericServiceServlet extends GenericServlet {
        private static final long serialVersionUID = 1L;

        @RequiresScopes("svc")
        @Override
        public void service(ServletRequest request, ServletResponse response) throws IOException {
            served((HttpServletResponse) response, "generic");
        }
    }

    public abstract static class AdminBaseServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @RolesAllowed("admin")
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            served(response, "inherited");
        }
    }

    public static final class InheritingServlet extends AdminBaseServlet {
        private static final long serialVersionUID = 1L;
    }
}
