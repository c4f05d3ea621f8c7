package io.bulwark.examples;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.Bulwark;
import io.bulwark.Decision;
import io.bulwark.EndpointPolicy;
import io.bulwark.SecurityRequest;
import io.bulwark.token.DevelopmentKeys;
import io.bulwark.token.KeySource;
import io.bulwark.token.TokenIssuer;
import io.bulwark.token.TokenVerifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;

/**
 * The demo's entry point. For now it walks the core's decisions in the console (the HTTP demo
 * servers on Jersey and Jetty arrive with the adapters): a development key signs tokens, and
 * Bulwark answers a handful of requests as both adapters will.
 */
public final class Demo {

    private Demo() {
    }

    /**
     * Runs the console tour.
     *
     * @param args ignored for now
     */
    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        out.println("Bulwark demo (development mode: a fresh ES256 key signs every token; never use it in production)");
        JWK key = DevelopmentKeys.generate("ES256");
        String issuerName = "https://dev.bulwark.local";
        TokenIssuer issuer = TokenIssuer.builder(key).issuer(issuerName).audience("demo-api").build();
        Bulwark bulwark = Bulwark.builder()
                .tokenVerifier(TokenVerifier.builder()
                        .trust(issuerName, KeySource.jwkSet(new JWKSet(key.toPublicJWK())))
                        .audience("demo-api")
                        .build())
                .realm("demo")
                .defaultEventLogger(false)
                .build();

        EndpointPolicy readOrders = EndpointPolicy.builder().requireScopes("orders:read").build();
        String reader = issuer.issue("alice", Set.of("orders:read"), Set.of());
        String writer = issuer.issue("bob", Set.of("orders:write"), Set.of());
        String expired = TokenIssuer.builder(key).issuer(issuerName).audience("demo-api")
                .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(-2))).build()
                .issue("carol", Set.of("orders:read"), Set.of());
        String forged = TokenIssuer.builder(DevelopmentKeys.generate("ES256")).issuer(issuerName).audience("demo-api")
                .build().issue("mallory", Set.of("orders:read"), Set.of("admin"));

        show(out, "GET /api/orders without a token", bulwark.check(request(null), readOrders));
        show(out, "GET /api/orders with orders:read", bulwark.check(request(reader), readOrders));
        show(out, "GET /api/orders with orders:write only", bulwark.check(request(writer), readOrders));
        show(out, "GET /api/orders with an expired token", bulwark.check(request(expired), readOrders));
        show(out, "GET /api/orders with a token signed by another key", bulwark.check(request(forged), readOrders));
    }

    private static SecurityRequest request(String token) {
        SecurityRequest.Builder request = SecurityRequest.builder("GET", "/api/orders").remoteAddress("198.51.100.7");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private static void show(PrintStream out, String what, Decision decision) {
        out.println();
        out.println("> " + what);
        if (decision instanceof Decision.Allow allow) {
            out.println("  200 allowed for " + allow.principal().map(p -> p.subject()).orElse("anonymous"));
        } else if (decision instanceof Decision.Deny deny) {
            out.println("  " + deny.status());
            deny.headers().forEach((name, value) -> out.println("  " + name + ": " + value));
            out.println("  " + deny.body());
        }
    }
}
