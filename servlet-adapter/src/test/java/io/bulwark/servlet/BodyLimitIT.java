package io.bulwark.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.contract.ContractApp;
import io.bulwark.http.ProblemDetails;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The body limit (1024 bytes in the contract app) with and without {@code Content-Length}, read as a
 * stream or through a reader, when the application swallows the failure, and when it wrote before
 * reading: always 413 with a problem body, nothing the application wrote, and {@code Connection: close}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodyLimitIT {

    static final AtomicInteger STREAM_CALLS = new AtomicInteger();

    private final ContractApp app = new ContractApp();
    private final Map<ServletContainer, ServletContainer.RunningServer> servers = new EnumMap<>(ServletContainer.class);

    @BeforeAll
    void start() throws Exception {
        for (ServletContainer container : ServletContainer.values()) {
            servers.put(container, container.start(new WebApp()
                    .servlet(StreamServlet.class, "/stream")
                    .servlet(ReaderServlet.class, "/reader")
                    .servlet(SwallowingServlet.class, "/swallow")
                    .servlet(WritesFirstServlet.class, "/writes-first")
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
    void declaredLengthOverTheLimitIsRefusedBeforeTheApplicationRuns(ServletContainer container) throws Exception {
        int before = STREAM_CALLS.get();
        HttpResponse<String> response = post(container, "/stream", fixed(ContractApp.MAX_BODY_BYTES + 1));
        assertTooLarge(response);
        assertEquals(before, STREAM_CALLS.get(), "the servlet never ran");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void bodiesAtTheLimitPass(ServletContainer container) throws Exception {
        assertEquals("bytes=1024", post(container, "/stream", fixed(ContractApp.MAX_BODY_BYTES)).body());
        assertEquals("bytes=1024", post(container, "/stream", chunked(ContractApp.MAX_BODY_BYTES)).body());
        assertEquals("chars=1024", post(container, "/reader", chunked(ContractApp.MAX_BODY_BYTES)).body());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void chunkedBodyOverTheLimitIs413ThroughTheStream(ServletContainer container) throws Exception {
        assertTooLarge(post(container, "/stream", chunked(ContractApp.MAX_BODY_BYTES + 1)));
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void chunkedBodyOverTheLimitIs413ThroughTheReader(ServletContainer container) throws Exception {
        assertTooLarge(post(container, "/reader", chunked(ContractApp.MAX_BODY_BYTES * 8)));
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void chunkedBodyOverTheLimitIs413EvenWhenTheApplicationCatchesTheFailure(ServletContainer container) throws Exception {
        assertTooLarge(post(container, "/swallow", chunked(ContractApp.MAX_BODY_BYTES * 2)));
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void whatTheApplicationWroteBeforeTheLimitIsDiscarded(ServletContainer container) throws Exception {
        HttpResponse<String> response = post(container, "/writes-first", chunked(ContractApp.MAX_BODY_BYTES * 2));
        assertTooLarge(response);
        assertFalse(response.body().contains("app-output"), response.body());
        assertTrue(response.headers().firstValue("X-App").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void overHttp2TheRefusalEndsTheStreamAndTheConnectionCarriesOn(ServletContainer container) throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // The first request upgrades the connection (h2c); the rest travel as HTTP/2 streams on it.
        assertEquals(HttpClient.Version.HTTP_2, h2.send(Http.request(servers.get(container).base(), "/reader").build(),
                HttpResponse.BodyHandlers.ofString()).version());

        for (HttpRequest.BodyPublisher body : List.of(fixed(ContractApp.MAX_BODY_BYTES + 1), chunked(ContractApp.MAX_BODY_BYTES * 4))) {
            HttpResponse<String> refused = Http.send(h2, Http.request(servers.get(container).base(), "/stream").POST(body));
            assertEquals(HttpClient.Version.HTTP_2, refused.version());
            assertEquals(413, refused.statusCode(), refused.body());
            // HTTP/2 has no Connection field (RFC 9113 §8.2.2): a response carrying one is malformed.
            assertTrue(refused.headers().firstValue("Connection").isEmpty(), refused.headers().map().toString());
        }
        HttpResponse<String> next = Http.send(h2, Http.request(servers.get(container).base(), "/stream")
                .POST(fixed(ContractApp.MAX_BODY_BYTES)));
        assertEquals(HttpClient.Version.HTTP_2, next.version());
        assertEquals("bytes=1024", next.body());
    }

    private static void assertTooLarge(HttpResponse<String> response) {
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith(ProblemDetails.MEDIA_TYPE));
        assertTrue(response.body().contains("\"status\":413"), response.body());
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElseThrow());
        // The rest of the body is still on the wire: the connection must not carry another request.
        assertEquals("close", response.headers().firstValue("Connection").orElseThrow());
    }

    private HttpResponse<String> post(ServletContainer container, String path, HttpRequest.BodyPublisher body) throws Exception {
        return Http.send(Http.request(servers.get(container).base(), path).POST(body));
    }

    private static HttpRequest.BodyPublisher fixed(int size) {
        return HttpRequest.BodyPublishers.ofByteArray(filled(size));
    }

    /** No Content-Length: the JDK client sends a stream of unknown length chunked. */
    private static HttpRequest.BodyPublisher chunked(int size) {
        byte[] body = filled(size);
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    private static byte[] filled(int size) {
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'a');
        return body;
    }

    @PermitAll
    public static final class StreamServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            STREAM_CALLS.incrementAndGet();
            response.getWriter().write("bytes=" + request.getInputStream().readAllBytes().length);
        }
    }

    @PermitAll
    public static final class ReaderServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Reader reader = request.getReader();
            char[] buffer = new char[256];
            long chars = 0;
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                chars += n;
            }
            response.getWriter().write("chars=" + chars);
        }
    }

    @PermitAll
    public static final class SwallowingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try {
                request.getInputStream().readAllBytes();
                response.getWriter().write("read it all");
            } catch (IOException e) {
                response.setStatus(400);
                response.getWriter().write("the application handled it");
            }
        }
    }

    @PermitAll
    public static final class WritesFirstServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setHeader("X-App", "leaked");
            response.getWriter().write("app-output");
            request.getInputStream().readAllBytes();
            response.getWriter().write("done");
        }
    }
}
