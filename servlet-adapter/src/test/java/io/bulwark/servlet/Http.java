package io.bulwark.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Real HTTP for the tests: the JDK client, and a raw socket for request targets a client would clean up. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger NEXT_CLIENT = new AtomicInteger();

    private Http() {
    }

    /** A request from a client address of its own (the test Bulwarks trust loopback as a proxy). */
    static HttpRequest.Builder request(URI base, String path) {
        return request(base, path, nextClient());
    }

    /** A request from the given client address, forwarded by the loopback proxy. */
    static HttpRequest.Builder request(URI base, String path, String client) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("X-Forwarded-For", client);
    }

    /** An address no other request of the run has used (documentation range 2001:db8::/32). */
    static String nextClient() {
        return "2001:db8:5::" + Integer.toHexString(NEXT_CLIENT.incrementAndGet());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A raw response: status code and everything after the headers. */
    record Raw(int status, String head, String body) {
    }

    /**
     * Sends a request target exactly as written, on its own connection.
     *
     * @param base the server
     * @param method the method
     * @param target the request target, unencoded and unnormalized
     * @param headers extra header lines, each ending in CRLF
     * @return the response
     */
    static Raw raw(URI base, String method, String target, String headers) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nConnection: close\r\n" + headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Raw(status, head, body);
        }
    }
}
