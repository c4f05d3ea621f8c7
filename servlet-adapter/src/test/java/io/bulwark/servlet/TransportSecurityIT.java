package io.bulwark.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.Bulwark;
import io.bulwark.HttpsRequirement;
import io.bulwark.contract.ContractApp;
import io.bulwark.ratelimit.ClientAddressResolver;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Strict-Transport-Security only where the client's connection was HTTPS: over real TLS on Jetty
 * (a self-signed certificate made by the JDK's keytool), not over plain HTTP, not for a
 * {@code X-Forwarded-Proto} from a peer that is not a trusted proxy. (Through a trusted proxy, the
 * contract suites check it on both containers.) And HTTPS enforcement: the core's 308 written as is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransportSecurityIT {

    private static final String PASSWORD = "changeit";

    private final ContractApp app = new ContractApp();
    private Path keyStore;
    private Server server;
    private URI https;
    private URI http;
    private HttpClient tlsClient;

    @BeforeAll
    void start() throws Exception {
        keyStore = Files.createTempDirectory("bulwark-tls").resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                new String(keytool.getInputStream().readAllBytes()));

        // No trusted proxies: forwarding headers count for nothing.
        Bulwark direct = Bulwark.builder()
                .tokenVerifier(TokenVerifier.builder()
                        .trust(ContractApp.ISSUER, KeySource.jwkSet(new JWKSet(ContractApp.publicKey())))
                        .audience(ContractApp.AUDIENCE).build())
                .clientAddressResolver(ClientAddressResolver.direct())
                .defaultEventLogger(false)
                .build();

        server = new Server();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keyStore.toString());
        ssl.setKeyStorePassword(PASSWORD);
        ssl.setKeyStoreType("PKCS12");
        HttpConfiguration secureConfig = new HttpConfiguration();
        secureConfig.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector tls = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(secureConfig));
        tls.setHost("127.0.0.1");
        ServerConnector plain = new ServerConnector(server);
        plain.setHost("127.0.0.1");
        server.addConnector(tls);
        server.addConnector(plain);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(SchemeServlet.class, "/scheme");
        context.addFilter(new FilterHolder(BulwarkFilter.builder(direct).build()), "/*",
                EnumSet.allOf(DispatcherType.class));
        server.setHandler(context);
        server.start();
        https = URI.create("https://127.0.0.1:" + tls.getLocalPort());
        http = URI.create("http://127.0.0.1:" + plain.getLocalPort());

        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext sslContext = SSLContext.getInstance("TLS");
        sslContext.init(null, trustManagers.getTrustManagers(), null);
        tlsClient = HttpClient.newBuilder().sslContext(sslContext).version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    void stop() throws Exception {
        server.stop();
        Files.deleteIfExists(keyStore);
        Files.deleteIfExists(keyStore.getParent());
    }

    @Test
    void strictTransportSecurityOverRealTls() throws Exception {
        HttpResponse<String> response = Http.send(tlsClient, java.net.http.HttpRequest.newBuilder(URI.create(https + "/scheme")));
        assertEquals(200, response.statusCode());
        assertEquals("secure=true", response.body());
        assertEquals("max-age=31536000; includeSubDomains",
                response.headers().firstValue("Strict-Transport-Security").orElseThrow());
    }

    @Test
    void noStrictTransportSecurityOverPlainHttp() throws Exception {
        HttpResponse<String> response = Http.send(java.net.http.HttpRequest.newBuilder(URI.create(http + "/scheme")));
        assertEquals("secure=false", response.body());
        assertTrue(response.headers().firstValue("Strict-Transport-Security").isEmpty());
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElseThrow());
    }

    @Test
    void forwardedProtoFromAnUntrustedPeerIsIgnored() throws Exception {
        HttpResponse<String> response = Http.send(java.net.http.HttpRequest.newBuilder(URI.create(http + "/scheme"))
                .header("X-Forwarded-Proto", "https").header("Forwarded", "proto=https"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Strict-Transport-Security").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void httpsRedirectIsWrittenAsTheCoreDecides(ServletContainer container) throws Exception {
        Bulwark redirecting = Bulwark.builder()
                .tokenVerifier(TokenVerifier.builder()
                        .trust(ContractApp.ISSUER, KeySource.jwkSet(new JWKSet(ContractApp.publicKey())))
                        .audience(ContractApp.AUDIENCE).build())
                .clientAddressResolver(ClientAddressResolver.builder().trustedProxies("127.0.0.1/32").build())
                .httpsRequirement(HttpsRequirement.REDIRECT)
                .httpsPort(8443)
                .defaultEventLogger(false)
                .build();
        try (ServletContainer.RunningServer running = container.start(new WebApp()
                .servlet(SchemeServlet.class, "/scheme")
                .filter(BulwarkFilter.builder(redirecting).build()))) {
            Http.Raw response = Http.raw(running.base(), "GET", "/scheme?a=1&b=2",
                    "X-Forwarded-For: 203.0.113.9\r\n");
            assertEquals(308, response.status(), response.head());
            assertTrue(response.head().contains("Location: https://127.0.0.1:8443/scheme?a=1&b=2"), response.head());
            assertTrue(response.body().contains("\"status\":308"), response.body());
            // A loopback client (a developer's browser) is exempt.
            assertEquals(200, Http.raw(running.base(), "GET", "/scheme", "").status());
        }
    }

    @PermitAll
    public static final class SchemeServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("secure=" + request.isSecure());
        }
    }
}
