package io.bulwark.servlet;

import io.bulwark.annotation.Authenticated;
import io.bulwark.annotation.RateLimited;
import io.bulwark.annotation.RequiresScopes;
import io.bulwark.contract.ContractApp;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * The contract app of {@link ContractApp} as annotated servlets, one per endpoint: the policies come
 * from the annotations, read by {@link BulwarkFilter}, not from {@link ContractApp#policy}.
 */
final class ContractServlets {

    private ContractServlets() {
    }

    /** Registers every contract servlet on an app. */
    static WebApp register(WebApp app) {
        return app.servlet(PublicServlet.class, "/contract/public")
                .servlet(MeServlet.class, "/contract/me")
                .servlet(OrdersServlet.class, "/contract/orders")
                .servlet(AdminServlet.class, "/contract/admin")
                .servlet(ClosedServlet.class, "/contract/closed")
                .servlet(LimitedServlet.class, "/contract/limited")
                .servlet(EchoServlet.class, "/contract/echo")
                .servlet(LeakServlet.class, "/contract/leak");
    }

    static void text(HttpServletResponse response, String body) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(body);
    }

    /** GET /contract/public. */
    @PermitAll
    public static final class PublicServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            text(response, "public");
        }
    }

    /** GET /contract/me: the principal through the container's API. */
    public static final class MeServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Authenticated
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            text(response, "subject=" + request.getUserPrincipal().getName() + " admin=" + request.isUserInRole("admin")
                    + " scheme=" + request.getAuthType());
        }
    }

    /** GET /contract/orders. */
    @RequiresScopes("orders:read")
    public static final class OrdersServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            text(response, "orders");
        }
    }

    /** GET /contract/admin. */
    public static final class AdminServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @RolesAllowed("admin")
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            text(response, "admin");
        }
    }

    /** GET /contract/closed: never reached. */
    @DenyAll
    public static final class ClosedServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            text(response, "closed");
        }
    }

    /** GET /contract/limited: three per minute per client. */
    @PermitAll
    @RateLimited(name = "contract-ip", requests = 3, period = "PT1M")
    public static final class LimitedServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            text(response, "limited");
        }
    }

    /** POST /contract/echo: reads the whole body. */
    public static final class EchoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @PermitAll
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            long count;
            try (InputStream in = request.getInputStream()) {
                count = in.readAllBytes().length;
            }
            text(response, "bytes=" + count);
        }
    }

    /** GET /contract/leak: writes before anything could stop it. */
    @Authenticated
    public static final class LeakServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setHeader("X-App", "leaked");
            text(response, ContractApp.LEAKED_OUTPUT);
        }
    }
}
