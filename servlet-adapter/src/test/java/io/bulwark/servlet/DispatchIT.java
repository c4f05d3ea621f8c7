package io.bulwark.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.annotation.Authenticated;
import io.bulwark.annotation.RateLimited;
import io.bulwark.contract.ContractApp;
import io.bulwark.event.SecurityEvent;
import io.bulwark.token.VerifiedToken;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The principal as servlets see it, and one decision per request whatever the dispatches: forward,
 * include, async and error dispatches land on {@code @DenyAll} servlets that a second evaluation would
 * refuse, and an async endpoint allows exactly one request per client, so a second evaluation of the
 * same request would be a 429 and a security event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DispatchIT {

    private final ContractApp app = new ContractApp();
    private final Map<ServletContainer, ServletContainer.RunningServer> servers = new EnumMap<>(ServletContainer.class);

    @BeforeAll
    void start() throws Exception {
        for (ServletContainer container : ServletContainer.values()) {
            servers.put(container, container.start(new WebApp()
                    .servlet(WhoServlet.class, "/who")
                    .servlet(PublicWhoServlet.class, "/public-who")
                    .servlet(ForwardingServlet.class, "/forward")
                    .servlet(IncludingServlet.class, "/include")
                    .servlet(AsyncServlet.class, "/async")
                    .servlet(FailingServlet.class, "/fail")
                    .servlet(SealedServlet.class, "/sealed")
                    .errorPage(500, "/sealed")
                    .filter(BulwarkFilter.builder(app.bulwark()).build())));
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (ServletContainer.RunningServer server : servers.values()) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void servletSeesTheTokenAsItsPrincipal(ServletContainer container) throws Exception {
        String client = Http.nextClient();
        HttpResponse<String> user = get(container, "/who", client, app.token("alice", List.of("orders:read"), List.of("user")));
        assertEquals(200, user.statusCode(), user.body());
        assertEquals("name=alice admin=false user=true any=true scheme=Bearer remote=alice attribute=alice token=true",
                user.body());

        HttpResponse<String> admin = get(container, "/who", client, app.token("root", List.of(), List.of("admin")));
        assertEquals("name=root admin=true user=false any=true scheme=Bearer remote=root attribute=root token=true",
                admin.body());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void anonymousCallerOfAPublicEndpointHasNoPrincipal(ServletContainer container) throws Exception {
        HttpResponse<String> response = get(container, "/public-who", Http.nextClient(), null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("name=null admin=false user=false any=false scheme=null remote=null attribute=null token=false",
                response.body());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void forwardIsNotEvaluatedAgainAndKeepsThePrincipal(ServletContainer container) throws Exception {
        String client = Http.nextClient();
        HttpResponse<String> response = get(container, "/forward", client, app.token("alice", List.of(), List.of()));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("sealed FORWARD name=alice", response.body());
        assertNoEvents(client);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void includeIsNotEvaluatedAgainAndKeepsThePrincipal(ServletContainer container) throws Exception {
        String client = Http.nextClient();
        HttpResponse<String> response = get(container, "/include", client, app.token("alice", List.of(), List.of()));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("before|sealed INCLUDE name=alice|after", response.body());
        assertNoEvents(client);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void asyncDispatchIsDecidedExactlyOnce(ServletContainer container) throws Exception {
        String client = Http.nextClient();
        HttpResponse<String> response = get(container, "/async", client, app.token("alice", List.of(), List.of()));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("async-thread name=alice|sealed ASYNC name=alice", response.body());
        // The endpoint allows one request per client per minute: the one decision took it.
        assertTrue(response.headers().firstValue("RateLimit").orElseThrow().startsWith("\"async-once\";r=0;"),
                response.headers().map().toString());
        assertNoEvents(client);
        // A second request of the same client is the one refused.
        HttpResponse<String> second = get(container, "/async", client, app.token("alice", List.of(), List.of()));
        assertEquals(429, second.statusCode());
        assertEquals(1, events(client).size());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void errorDispatchIsNotEvaluatedAgainAndKeepsThePrincipal(ServletContainer container) throws Exception {
        String client = Http.nextClient();
        HttpResponse<String> response = get(container, "/fail", client, app.token("alice", List.of(), List.of()));
        assertEquals(500, response.statusCode(), response.body());
        assertEquals("sealed ERROR name=alice", response.body());
        assertNoEvents(client);
    }

    private HttpResponse<String> get(ServletContainer container, String path, String client, String token) throws Exception {
        var request = Http.request(servers.get(container).base(), path, client);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(request);
    }

    private List<SecurityEvent> events(String client) {
        return app.events().stream().filter(e -> e.clientAddress().equals(client)).toList();
    }

    private void assertNoEvents(String client) {
        assertEquals(List.of(), events(client), "no second decision, no denial");
    }

    static String describe(HttpServletRequest request) {
        Object attribute = request.getAttribute(BulwarkFilter.PRINCIPAL_ATTRIBUTE);
        return "name=" + (request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName())
                + " admin=" + request.isUserInRole("admin") + " user=" + request.isUserInRole("user")
                + " any=" + request.isUserInRole("**") + " scheme=" + request.getAuthType()
                + " remote=" + request.getRemoteUser()
                + " attribute=" + (attribute instanceof VerifiedToken t ? t.getName() : null)
                + " token=" + (request.getUserPrincipal() instanceof VerifiedToken);
    }

    @Authenticated
    public static final class WhoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write(describe(request));
        }
    }

    @PermitAll
    public static final class PublicWhoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write(describe(request));
        }
    }

    /** Denies everyone: reached only through a dispatch that is not evaluated again. */
    @DenyAll
    public static final class SealedServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("sealed " + request.getDispatcherType() + " name="
                    + (request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName()));
        }
    }

    @Authenticated
    public static final class ForwardingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
            request.getRequestDispatcher("/sealed").forward(request, response);
        }
    }

    @Authenticated
    public static final class IncludingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
            response.getWriter().write("before|");
            request.getRequestDispatcher("/sealed").include(request, response);
            response.getWriter().write("|after");
        }
    }

    @Authenticated
    @RateLimited(name = "async-once", requests = 1, period = "PT1M")
    public static final class AsyncServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            AsyncContext async = request.startAsync();
            async.start(() -> {
                try {
                    HttpServletRequest asyncRequest = (HttpServletRequest) async.getRequest();
                    async.getResponse().getWriter().write("async-thread name="
                            + (asyncRequest.getUserPrincipal() == null ? null : asyncRequest.getUserPrincipal().getName()) + "|");
                    async.dispatch("/sealed");
                } catch (IOException e) {
                    async.complete();
                }
            });
        }
    }

    @Authenticated
    public static final class FailingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException {
            throw new ServletException("the application failed");
        }
    }
}
