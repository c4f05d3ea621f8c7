package io.bulwark.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bulwark.Decision;
import io.bulwark.SecurityRequest;
import io.bulwark.http.ProblemDetails;
import io.bulwark.validation.BodyTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The contract suite against the smallest adapter there is: the JDK's HTTP server, routes from
 * {@link ContractApp#policy}. It proves the suite itself before the real adapters run it.
 */
class JdkHttpServerContractIT extends HttpContractSuite {

    private HttpServer server;

    @Override
    protected URI start(ContractApp app) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/contract/", exchange -> handle(app, exchange));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    protected void stop() {
        server.stop(0);
    }

    private static void handle(ContractApp app, HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            SecurityRequest request = new ExchangeRequest(exchange);
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if (length != null && app.bulwark().inputLimits().isOverBodyLimit(Long.parseLong(length))) {
                write(exchange, app.bulwark().bodyTooLarge());
                return;
            }
            Decision decision = app.bulwark().check(request, app.policy(method, path));
            if (decision instanceof Decision.Deny deny) {
                write(exchange, deny);
                return;
            }
            Decision.Allow allow = (Decision.Allow) decision;
            allow.headers().forEach(exchange.getResponseHeaders()::set);
            String body;
            switch (path) {
                case "/contract/me" -> {
                    var token = allow.principal().orElseThrow();
                    body = "subject=" + token.getName() + " admin=" + token.hasRole("admin") + " scheme=Bearer";
                }
                case "/contract/echo" -> {
                    try (InputStream in = app.bulwark().inputLimits().limit(exchange.getRequestBody())) {
                        body = "bytes=" + in.readAllBytes().length;
                    } catch (BodyTooLargeException e) {
                        exchange.getResponseHeaders().clear();
                        write(exchange, app.bulwark().bodyTooLarge());
                        return;
                    }
                }
                case "/contract/leak" -> {
                    exchange.getResponseHeaders().set("X-App", "leaked");
                    body = ContractApp.LEAKED_OUTPUT;
                }
                default -> body = path.substring("/contract/".length());
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void write(HttpExchange exchange, Decision.Deny deny) throws IOException {
        deny.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type", ProblemDetails.MEDIA_TYPE);
        byte[] bytes = deny.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(deny.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** A view of the exchange; the JDK server gives no decoded query parameters, so they are parsed here. */
    private record ExchangeRequest(HttpExchange exchange) implements SecurityRequest {
        @Override
        public String method() {
            return exchange.getRequestMethod();
        }

        @Override
        public String path() {
            return exchange.getRequestURI().getPath();
        }

        @Override
        public List<String> headers(String name) {
            List<String> values = exchange.getRequestHeaders().get(name);
            return values == null ? List.of() : values;
        }

        @Override
        public String remoteAddress() {
            return exchange.getRemoteAddress().getAddress().getHostAddress();
        }

        @Override
        public boolean secure() {
            return false;
        }

        @Override
        public Optional<String> query() {
            return Optional.ofNullable(exchange.getRequestURI().getRawQuery());
        }

        @Override
        public List<String> queryParameters(String name) {
            String query = exchange.getRequestURI().getQuery();
            if (query == null) {
                return List.of();
            }
            return java.util.Arrays.stream(query.split("&"))
                    .filter(pair -> pair.startsWith(name + "="))
                    .map(pair -> pair.substring(name.length() + 1))
                    .toList();
        }
    }
}
