package io.bulwark.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.EndpointPolicy;
import io.bulwark.contract.ContractApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request targets crafted to reach {@code /admin/*} past a rule that denies {@code /admin/**}, sent
 * byte for byte over a raw socket to an application under the context path {@code /app}: dot
 * segments plain and encoded, path parameters, doubled slashes, encoded letters and slashes, case. The
 * admin servlet must never run; the container either refuses the target (400), finds no servlet
 * (404), maps it to the admin servlet and the rule denies it (403), or, for a double-encoded target
 * that decodes once to a literal {@code %2e%2e} segment below {@code /api}, serves it from the api
 * servlet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathNormalizationIT {

    static final AtomicInteger ADMIN_HITS = new AtomicInteger();

    private final ContractApp app = new ContractApp();
    private final Map<ServletContainer, ServletContainer.RunningServer> servers = new EnumMap<>(ServletContainer.class);

    @BeforeAll
    void start() throws Exception {
        for (ServletContainer container : ServletContainer.values()) {
            BulwarkFilter filter = BulwarkFilter.builder(app.bulwark())
                    .route("/admin/**", EndpointPolicy.denyAll())
                    .defaultPolicy(EndpointPolicy.permitAll())
                    .readAnnotations(false)
                    .build();
            // Jetty instantiates the filter itself and finds this configured one in the context.
            WebApp web = new WebApp().contextPath("/app")
                    .servlet(AdminServlet.class, "/admin/*")
                    .servlet(ApiServlet.class, "/api/*");
            servers.put(container, container.start(container == ServletContainer.JETTY
                    ? web.containerFilter(filter) : web.filter(filter)));
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (ServletContainer.RunningServer server : servers.values()) {
            server.close();
        }
    }

    static Stream<Arguments> attacks() {
        Stream.Builder<Arguments> cases = Stream.builder();
        String[] targets = {
                "/app/admin/panel",
                "/app/admin",
                "/app/api/../admin/panel",
                "/app/api/%2e%2e/admin/panel",
                "/app/api/%2E%2E/admin/panel",
                "/app/api/.%2e/admin/panel",
                "/app/api/..;/admin/panel",
                "/app/api/%2e%2e%2fadmin/panel",
                "/app/api/%252e%252e/admin/panel",
                "/app/admin;jsessionid=0123456789/panel",
                "/app/admin;x=1/panel",
                "/app;x=1/admin/panel",
                "/app//admin/panel",
                "/app/./admin/panel",
                "/app/admin/./panel",
                "/app/%61dmin/panel",
                "/app/adm%69n/panel",
                "/app/ADMIN/panel",
                "/app/Admin/panel",
                "/app/admin%2Fpanel",
                "/app/admin%2fpanel",
                "/app/admin%252Fpanel",
                "/app/admin%00/panel",
                "/app/admin%20/panel",
                "/app/api/..%5cadmin/panel",
                "/app/api/%2e%2e%5cadmin/panel",
                "/app/api/x/../../admin/panel",
                "/app/api/../../app/admin/panel",
        };
        for (ServletContainer container : ServletContainer.values()) {
            for (String target : targets) {
                cases.add(Arguments.of(container, target));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("attacks")
    void neverReachesTheDeniedServlet(ServletContainer container, String target) throws Exception {
        int before = ADMIN_HITS.get();
        Http.Raw response = Http.raw(servers.get(container).base(), "GET", target, "");
        assertEquals(before, ADMIN_HITS.get(), "the admin servlet ran for " + target + ": " + response.status());
        assertFalse(response.body().contains("admin-reached"), response.body());
        // 200 only from the api servlet, for a target that decodes once to a literal path below /api.
        assertTrue(Set.of(400, 403, 404).contains(response.status())
                || response.status() == 200 && response.body().contains("api-reached"), target + " -> " + response.status());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void theRuleDeniesTheCanonicalPathAndOthersPass(ServletContainer container) throws Exception {
        assertEquals(403, Http.raw(servers.get(container).base(), "GET", "/app/admin/panel", "").status());
        Http.Raw api = Http.raw(servers.get(container).base(), "GET", "/app/api/orders", "");
        assertEquals(200, api.status());
        assertTrue(api.body().contains("api-reached"), api.body());
        // A dot segment that stays inside /api is fine.
        assertEquals(200, Http.raw(servers.get(container).base(), "GET", "/app/api/x/../orders", "").status());
    }

    public static final class AdminServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            ADMIN_HITS.incrementAndGet();
            response.getWriter().write("admin-reached");
        }
    }

    public static final class ApiServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("api-reached " + request.getPathInfo());
        }
    }
}
