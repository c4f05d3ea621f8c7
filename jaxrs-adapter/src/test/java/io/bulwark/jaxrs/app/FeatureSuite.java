package io.bulwark.jaxrs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.bulwark.EndpointPolicy;
import io.bulwark.contract.ContractApp;
import io.bulwark.event.SecurityEvent;
import io.bulwark.http.ProblemDetails;
import io.bulwark.jaxrs.BulwarkFeature;
import io.bulwark.validation.InputProblems;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What BulwarkFeature adds beyond the shared contract, over real HTTP: annotation precedence, the
 * replaced security context under the runtime's own {@code @RolesAllowed} handling, the principal
 * without casts, the default policy, sub-resource locators, validation, unreadable JSON, sanitizing
 * and body limits on JSON entities, and deployment failures. Each runtime extends it once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FeatureSuite {

    /** Resources of the main deployment. */
    protected static final Set<Class<?>> RESOURCES = Set.of(FeatureResource.class, PrincipalResource.class,
            AsyncResource.class, StaleContextProbe.class, UnannotatedResource.class,
            LocatorResource.class, InputResource.class);

    private final ContractApp app = new ContractApp();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI base;
    private URI denyByDefault;

    /**
     * Starts a real HTTP server serving the resources behind the feature, with the runtime's own
     * {@code @RolesAllowed} handling switched on too, and JSON and Bean Validation integrations.
     *
     * @param feature the feature to register
     * @param resources the resource classes
     * @return the base URI, without a trailing slash
     * @throws Exception when the deployment fails
     */
    protected abstract URI start(BulwarkFeature feature, Set<Class<?>> resources) throws Exception;

    /**
     * Stops every server started.
     *
     * @throws Exception when one cannot stop
     */
    protected abstract void stopAll() throws Exception;

    /** The runtime's glue for the client's address, set on the features this suite builds. */
    protected abstract BulwarkFeature.Builder feature(BulwarkFeature.Builder builder);

    @BeforeAll
    final void startServers() throws Exception {
        base = start(feature(BulwarkFeature.builder(app.bulwark())).build(), RESOURCES);
        denyByDefault = start(feature(BulwarkFeature.builder(app.bulwark()).defaultPolicy(EndpointPolicy.denyAll())).build(),
                Set.of(UnannotatedResource.class, LocatorResource.class));
    }

    @AfterAll
    final void stopServers() throws Exception {
        stopAll();
    }

    // ---- annotations: method over class ------------------------------------------------------

    @Test
    void classRoleAppliesToMethodsWithoutTheirOwn() throws Exception {
        assertEquals(401, get("/feature/class-role", null).statusCode());
        assertEquals(403, get("/feature/class-role", token(List.of(), List.of("user"))).statusCode());
        HttpResponse<String> admin = get("/feature/class-role", token(List.of(), List.of("admin")));
        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals("class-role", admin.body());
    }

    @Test
    void methodPermitAllOverridesClassRole() throws Exception {
        HttpResponse<String> response = get("/feature/method-permit", null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("anonymous=true", response.body());
    }

    @Test
    void methodRoleReplacesClassRole() throws Exception {
        assertEquals(403, get("/feature/method-role", token(List.of(), List.of("admin"))).statusCode());
        HttpResponse<String> auditor = get("/feature/method-role", token(List.of(), List.of("auditor")));
        assertEquals(200, auditor.statusCode(), auditor.body());
    }

    @Test
    void methodScopesAddToClassRole() throws Exception {
        HttpResponse<String> noScope = get("/feature/role-and-scope", token(List.of(), List.of("admin")));
        assertEquals(403, noScope.statusCode());
        assertTrue(noScope.headers().firstValue("WWW-Authenticate").orElse("").contains("insufficient_scope"));
        assertEquals(403, get("/feature/role-and-scope", token(List.of("reports:read"), List.of("user"))).statusCode());
        assertEquals(200, get("/feature/role-and-scope", token(List.of("reports:read"), List.of("admin"))).statusCode());
    }

    // ---- the security context and the principal ----------------------------------------------

    @Test
    void resourceSeesTheVerifiedTokenThroughTheSecurityContext() throws Exception {
        HttpResponse<String> response = get("/principal", token(List.of("b", "a"), List.of("auditor")));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("subject=alice scopes=[a, b] auditor=true admin=false principal-is-token=true scheme=Bearer", response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void decisionHeadersAreAddedButTheApplicationsOwnValueStands() throws Exception {
        HttpResponse<String> response = get("/feature/own-header", null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of("sandbox"), response.headers().allValues("Content-Security-Policy"));
        assertEquals(List.of("nosniff"), response.headers().allValues("X-Content-Type-Options"));
    }

    // ---- the default policy ------------------------------------------------------------------

    @Test
    void unannotatedMethodNeedsATokenByDefault() throws Exception {
        HttpResponse<String> anonymous = get("/plain", null);
        assertEquals(401, anonymous.statusCode());
        problem(anonymous, 401);
        HttpResponse<String> withToken = get("/plain", token(List.of(), List.of()));
        assertEquals(200, withToken.statusCode(), withToken.body());
        assertEquals("plain", withToken.body());
    }

    @Test
    void denyByDefaultRefusesUnannotatedMethodsEvenWithAToken() throws Exception {
        String everything = app.token("root", List.of("items:read"), List.of("admin"));
        HttpResponse<String> plain = send(HttpRequest.newBuilder(URI.create(denyByDefault + "/plain"))
                .header("Authorization", "Bearer " + everything).build());
        assertEquals(403, plain.statusCode());
        problem(plain, 403);
        HttpResponse<String> bare = send(HttpRequest.newBuilder(URI.create(denyByDefault + "/shelf/items/bare"))
                .header("Authorization", "Bearer " + everything).build());
        assertEquals(403, bare.statusCode());
        HttpResponse<String> annotated = send(HttpRequest.newBuilder(URI.create(denyByDefault + "/shelf/items")).
                header("Authorization", "Bearer " + everything).build());
        assertEquals(200, annotated.statusCode(), annotated.body());
    }

    // ---- sub-resource locators ---------------------------------------------------------------

    @Test
    void subResourceMethodsAreBoundByTheirOwnAnnotations() throws Exception {
        assertEquals(401, get("/shelf/items", null).statusCode(), "the locator's @PermitAll does not pass down");
        assertEquals(403, get("/shelf/items", token(List.of("other"), List.of())).statusCode());
        HttpResponse<String> allowed = get("/shelf/items", token(List.of("items:read"), List.of()));
        assertEquals(200, allowed.statusCode(), allowed.body());
        assertEquals("shelf:items", allowed.body());
        HttpResponse<String> box = get("/shelf/boxes/7", token(List.of("items:read"), List.of()));
        assertEquals("box-7:items", box.body());
        HttpResponse<String> open = get("/shelf/items/public", null);
        assertEquals(200, open.statusCode(), open.body());
        assertEquals("shelf:public", open.body());
        assertEquals(401, get("/shelf/items/bare", null).statusCode(), "the default policy");
    }

    @Test
    void requestThroughALocatorIsDecidedOnce() throws Exception {
        int before = app.events().size();
        assertEquals(401, get("/shelf/boxes/9", null).statusCode());
        assertEquals(before + 1, app.events().size(), "one denial, one event: " + app.events());
    }

    // ---- validation --------------------------------------------------------------------------

    @Test
    void invalidEntityIs400WithErrorsAndNoEcho() throws Exception {
        HttpResponse<String> response = post("/input/items", "{\"name\":\"far-too-long-secret\",\"quantity\":0}");
        Map<String, Object> problem = problem(response, 400);
        assertEquals(InputProblems.INVALID_INPUT, problem.get("detail"));
        List<String> fields = new ArrayList<>();
        for (Object error : (List<?>) problem.get("errors")) {
            Map<?, ?> fieldError = (Map<?, ?>) error;
            fields.add((String) fieldError.get("field"));
            assertTrue(fieldError.get("message") instanceof String, response.body());
        }
        assertEquals(List.of("name", "quantity"), fields, response.body());
        assertFalse(response.body().contains("far-too-long-secret"), response.body());
    }

    @Test
    void validEntityReachesTheResource() throws Exception {
        HttpResponse<String> response = post("/input/items", "{\"name\":\"bolt\",\"quantity\":3}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("name=bolt quantity=3", response.body());
    }

    @Test
    void invalidQueryParameterIs400WithoutEcho() throws Exception {
        HttpResponse<String> response = get("/input/search?q=secretvalue", null);
        Map<String, Object> problem = problem(response, 400);
        assertEquals(1, ((List<?>) problem.get("errors")).size(), response.body());
        assertFalse(response.body().contains("secretvalue"), response.body());
        assertEquals("q=ok", get("/input/search?q=ok", null).body());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\": \"secret-input-1\", \"quantity\": ",
        "{\"name\":\"ok\",\"quantity\":\"secret-input-2\"}",
        "<html>secret-input-3</html>",
        "{\"name\": [\"secret-input-4\"], \"quantity\": 1}",
        "{\"secret-input-5\": \"x\", \"name\": \"ok\", \"quantity\": 1, }"})
    void unreadableJsonIs400WithAFixedTextAndNoEcho(String body) throws Exception {
        HttpResponse<String> response = post("/input/items", body);
        Map<String, Object> problem = problem(response, 400);
        assertEquals(InputProblems.UNREADABLE, problem.get("detail"), response.body());
        assertFalse(response.body().contains("secret-input"), response.body());
    }

    @Test
    void rejectedInputRaisesEventsNamingTheClientSubjectAndEndpoint() throws Exception {
        String client = "2001:db8:77::" + Integer.toHexString((int) (System.nanoTime() & 0xFFFF));
        String token = token(List.of(), List.of());
        HttpRequest.Builder invalid = json("/input/items", "{\"name\":\"\",\"quantity\":0}");
        HttpRequest.Builder unreadable = json("/input/items", "{\"name\": ");
        HttpRequest.Builder oversized = json("/input/items", paddedJson(ContractApp.MAX_BODY_BYTES + 10));
        for (HttpRequest.Builder request : List.of(invalid, unreadable, oversized)) {
            HttpResponse<String> response = send(request.header("X-Forwarded-For", client)
                    .header("Authorization", "Bearer " + token).build());
            assertTrue(response.statusCode() == 400 || response.statusCode() == 413, response.body());
        }

        List<SecurityEvent> events = app.events().stream().filter(e -> e.clientAddress().equals(client)).toList();
        assertEquals(List.of("invalid_input", "unreadable_input", "body_too_large"),
                events.stream().map(SecurityEvent::reason).toList(), events.toString());
        for (SecurityEvent event : events) {
            assertEquals(SecurityEvent.Kind.INPUT_REJECTED, event.kind());
            assertEquals("alice", event.subject().orElseThrow(), event.toString());
            assertEquals("POST /input/items", event.endpoint());
            assertTrue(event.requestId().matches("[0-9a-f]{16}"), event.requestId());
        }
    }

    @Test
    void theResourceSeesTheRequestIdSubjectAndClientThroughTheMdc() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/principal/mdc"))
                .header("Authorization", "Bearer " + token(List.of(), List.of()))
                .header("X-Forwarded-For", "2001:db8:78::1").GET().build());

        assertEquals(200, response.statusCode(), response.body());
        String[] seen = response.body().split(" ");
        assertTrue(seen[0].matches("[0-9a-f]{16}"), response.body());
        assertEquals("alice", seen[1]);
        assertEquals("2001:db8:78::1", seen[2]);
    }

    @Test
    void noRequestInheritsAnEarlierRequestsContextFromAPooledThread() throws Exception {
        StaleContextProbe.STALE.set(0);
        StaleContextProbe.SEEN.set(0);
        String token = token(List.of(), List.of());
        for (int i = 0; i < 20; i++) {
            assertEquals("suspended", get("/async/suspended", token).body());
            assertEquals("stage", get("/async/stage", token).body());
            assertEquals(200, get("/principal/mdc", token).statusCode());
            assertEquals(401, get("/principal/mdc", null).statusCode());
        }

        assertEquals(80, StaleContextProbe.SEEN.get(), "the probe saw every request");
        assertEquals(0, StaleContextProbe.STALE.get(), "requests that began with an earlier request's context");
    }

    // ---- sanitizing --------------------------------------------------------------------------

    @Test
    void sanitizeMembersOfARecordEntityAreCleanedBeforeTheResource() throws Exception {
        HttpResponse<String> response = post("/input/comments", "{\"html\":\"<p onclick=\\\"steal()\\\">hi</p>"
                + "<script>alert(1)</script>\",\"title\":\"<b>Title</b>\",\"untouched\":\"<i>raw</i>\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("html=<p>hi</p>|title=Title|untouched=<i>raw</i>", response.body());
    }

    @Test
    void sanitizingHappensBeforeValidation() throws Exception {
        HttpResponse<String> clean = post("/input/notes", "{\"text\":\"<b>note</b>\"}");
        assertEquals(200, clean.statusCode(), clean.body());
        assertEquals("text=note", clean.body());
        HttpResponse<String> emptied = post("/input/notes", "{\"text\":\"<script>secret()</script>\"}");
        Map<String, Object> problem = problem(emptied, 400);
        assertEquals("text", ((Map<?, ?>) ((List<?>) problem.get("errors")).get(0)).get("field"), emptied.body());
    }

    // ---- body limits on entities -------------------------------------------------------------

    @Test
    void entityWithContentLengthOverTheLimitIs413() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/input/items"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(paddedJson(ContractApp.MAX_BODY_BYTES * 3))).build());
        problem(response, 413);
    }

    @Test
    void chunkedEntityOverTheLimitIs413() throws Exception {
        byte[] body = paddedJson(ContractApp.MAX_BODY_BYTES * 3).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/input/items"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
        problem(response, 413);
    }

    @Test
    void chunkedEntityUnderTheLimitIsRead() throws Exception {
        byte[] body = paddedJson(ContractApp.MAX_BODY_BYTES - 10).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/input/items"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
        assertEquals(200, response.statusCode(), response.body());
    }

    // ---- deployment --------------------------------------------------------------------------

    @Test
    void conflictingAnnotationsFailTheDeployment() {
        Exception failure = assertThrows(Exception.class,
                () -> start(feature(BulwarkFeature.builder(app.bulwark())).build(), Set.of(ConflictingResource.class)));
        assertTrue(chainMentions(failure, "conflicting access annotations"), () -> describe(failure));
    }

    @Test
    void unknownNamedLimitFailsTheDeployment() {
        Exception failure = assertThrows(Exception.class,
                () -> start(feature(BulwarkFeature.builder(app.bulwark())).build(), Set.of(UnknownLimitResource.class)));
        assertTrue(chainMentions(failure, "no-such-limit"), () -> describe(failure));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static boolean chainMentions(Throwable failure, String text) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            chain.append(t).append(" <- ");
        }
        return chain.toString();
    }

    /** A valid item whose JSON is padded with spaces to about {@code size} bytes. */
    private static String paddedJson(int size) {
        String json = "{\"name\":\"bolt\",\"quantity\":3}";
        return "{\"name\":\"bolt\"," + " ".repeat(Math.max(0, size - json.length())) + "\"quantity\":3}";
    }

    private String token(List<String> scopes, List<String> roles) {
        return app.token("alice", scopes, roles);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.GET().build());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return send(json(path, json).build());
    }

    private HttpRequest.Builder json(String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> problem(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith(ProblemDetails.MEDIA_TYPE), "Content-Type " + type);
        Map<String, Object> json = JSONObjectUtils.parse(response.body());
        assertEquals((long) status, ((Number) json.get("status")).longValue(), response.body());
        return json;
    }
}
