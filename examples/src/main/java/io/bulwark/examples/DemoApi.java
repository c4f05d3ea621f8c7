package io.bulwark.examples;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.bulwark.Bulwark;
import io.bulwark.health.SecurityHealth;
import io.bulwark.sanitize.HtmlPolicy;
import io.bulwark.sanitize.HtmlSanitizer;
import io.bulwark.token.VerifiedToken;
import io.bulwark.validation.FieldViolation;
import io.bulwark.validation.InputValidator;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the demo's endpoints do, written once for both servers: they route, this answers. Bodies
 * are read with nimbus's JSON parser (already on the classpath), checked with Bulwark's
 * {@link InputValidator} and sanitized with its {@link HtmlSanitizer}; a bad body is a 400 with
 * {@code errors}, never echoing what was sent. What it logs of its own carries the request id that
 * Bulwark puts in the MDC, the id its security events carry too.
 */
public final class DemoApi {

    /** The most orders the demo remembers: the oldest are forgotten first. */
    public static final int MAX_ORDERS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(DemoApi.class);

    private final Bulwark bulwark;
    private final Optional<Supplier<Reply>> metrics;
    private final InputValidator validator = InputValidator.builder().build();
    private final HtmlSanitizer basic = HtmlSanitizer.of(HtmlPolicy.BASIC);
    private final Deque<Map<String, Object>> orders = new ConcurrentLinkedDeque<>();
    private final AtomicLong ids = new AtomicLong();

    /**
     * The API answering with the given Bulwark's problems.
     *
     * @param bulwark the demo's Bulwark
     */
    public DemoApi(Bulwark bulwark) {
        this(bulwark, Optional.empty());
    }

    /**
     * The API answering with the given Bulwark's problems, and serving metrics.
     *
     * @param bulwark the demo's Bulwark
     * @param metrics what answers {@code GET /metrics}; empty for none
     */
    public DemoApi(Bulwark bulwark, Optional<Supplier<Reply>> metrics) {
        this.bulwark = Objects.requireNonNull(bulwark, "bulwark");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** {@code GET /api/ping}. */
    public Reply ping() {
        return Reply.json(200, "{\"status\":\"ok\"}");
    }

    /**
     * {@code GET /health}: {@link Bulwark#health()} as JSON, with 200 while it can serve (up,
     * degraded or not yet known) and 503 when a part is down.
     */
    public Reply health() {
        SecurityHealth health = bulwark.health();
        return Reply.json(health.httpStatus(), health.toJson());
    }

    /** Whether {@link #metrics()} has metrics to serve. */
    public boolean servesMetrics() {
        return metrics.isPresent();
    }

    /**
     * {@code GET /metrics}: Bulwark's meters in the Prometheus text format, or 404 when the
     * Prometheus registry is not on the classpath.
     */
    public Reply metrics() {
        return metrics.map(Supplier::get).orElseGet(() -> Reply.json(404, "{}"));
    }

    /** {@code GET /api/me}: who the token says the caller is. */
    public Reply me(VerifiedToken token) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("subject", token.subject());
        me.put("scopes", List.copyOf(new TreeSet<>(token.scopes())));
        me.put("roles", List.copyOf(new TreeSet<>(token.roles())));
        return Reply.json(200, JSONObjectUtils.toJSONString(me));
    }

    /** {@code GET /api/orders}: every remembered order, oldest first. */
    public Reply orders() {
        return Reply.json(200, com.nimbusds.jose.util.JSONArrayUtils.toJSONString(new ArrayList<>(orders)));
    }

    /** {@code POST /api/orders}: 201 with the order, or 400 with {@code errors}. */
    public Reply createOrder(VerifiedToken token, byte[] body) {
        Map<String, Object> json;
        try {
            json = object(body);
        } catch (BadBody e) {
            return refuseOrder(List.of(e.violation));
        }
        List<FieldViolation> wrongTypes = new ArrayList<>();
        Object item = json.get("item");
        Object quantity = json.get("quantity");
        if (item != null && !(item instanceof String)) {
            wrongTypes.add(new FieldViolation("item", "must be a string"));
        }
        if (quantity != null && !isInteger(quantity)) {
            wrongTypes.add(new FieldViolation("quantity", "must be an integer"));
        }
        if (!wrongTypes.isEmpty()) {
            return refuseOrder(wrongTypes);
        }
        NewOrder order = new NewOrder((String) item, quantity == null ? null : clamp(quantity));
        List<FieldViolation> violations = validator.violations(order);
        if (!violations.isEmpty()) {
            return refuseOrder(violations);
        }
        long id = ids.incrementAndGet();
        LOG.atInfo().addKeyValue("order", id).addKeyValue("quantity", order.quantity()).log("Order created");
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("id", id);
        created.put("item", order.item());
        created.put("quantity", order.quantity());
        created.put("customer", token.subject());
        orders.addLast(created);
        while (orders.size() > MAX_ORDERS) {
            orders.pollFirst();
        }
        return Reply.json(201, JSONObjectUtils.toJSONString(created));
    }

    /** 400 for an order, logged by field names only: what was sent stays out of the logs as out of the answer. */
    private Reply refuseOrder(List<FieldViolation> violations) {
        LOG.atInfo().addKeyValue("fields", violations.stream().map(FieldViolation::field).distinct().sorted().toList())
                .log("Order refused");
        return Reply.of(bulwark.invalidInput(violations));
    }

    /** {@code GET /api/admin}. */
    public Reply admin(VerifiedToken token) {
        return Reply.json(200, JSONObjectUtils.toJSONString(Map.of("status", "ok", "admin", token.subject())));
    }

    /** {@code POST /api/comments}: 201 with the HTML as the BASIC policy leaves it, or 400. */
    public Reply comment(byte[] body) {
        Map<String, Object> json;
        try {
            json = object(body);
        } catch (BadBody e) {
            return Reply.of(bulwark.invalidInput(List.of(e.violation)));
        }
        Object html = json.get("html");
        if (!(html instanceof String text)) {
            return Reply.of(bulwark.invalidInput(List.of(new FieldViolation("html",
                    html == null ? "must not be null" : "must be a string"))));
        }
        return Reply.json(201, JSONObjectUtils.toJSONString(Map.of("html", basic.sanitize(text))));
    }

    /**
     * {@code POST /dev/tokens} (development mode only): {@code {"sub", "scope", "roles"}} to
     * {@code {"access_token", "token_type", "expires_in"}}, signed by the demo's own key.
     *
     * @param security the demo's security, which holds the development key
     * @param body the request body
     * @return 200 with the token, or 400 with {@code errors}
     */
    public Reply issueToken(DemoSecurity security, byte[] body) {
        Map<String, Object> json;
        try {
            json = object(body);
        } catch (BadBody e) {
            return Reply.of(bulwark.invalidInput(List.of(e.violation)));
        }
        List<FieldViolation> violations = new ArrayList<>();
        Object sub = json.get("sub");
        if (!(sub instanceof String subject) || subject.isEmpty() || subject.length() > 100 || !isPrintable(subject)) {
            violations.add(new FieldViolation("sub", "must be 1 to 100 printable characters"));
        }
        Object scope = json.getOrDefault("scope", "");
        List<String> scopes = new ArrayList<>();
        if (scope instanceof String text && text.length() <= 1_000) {
            for (String one : text.trim().split(" +")) {
                if (one.isEmpty()) {
                    continue;
                }
                if (!isScopeToken(one)) {
                    violations.add(new FieldViolation("scope", "must be space-separated scope tokens (RFC 6749 §3.3)"));
                    break;
                }
                scopes.add(one);
            }
        } else {
            violations.add(new FieldViolation("scope", "must be a string of space-separated scopes"));
        }
        Object roles = json.getOrDefault("roles", List.of());
        List<String> roleNames = new ArrayList<>();
        if (roles instanceof List<?> list && list.size() <= 20) {
            for (Object role : list) {
                if (role instanceof String name && !name.isEmpty() && name.length() <= 100 && isPrintable(name)) {
                    roleNames.add(name);
                } else {
                    violations.add(new FieldViolation("roles", "must be an array of up to 20 role names"));
                    break;
                }
            }
        } else {
            violations.add(new FieldViolation("roles", "must be an array of up to 20 role names"));
        }
        if (scopes.size() > 20) {
            violations.add(new FieldViolation("scope", "must hold at most 20 scopes"));
        }
        if (!violations.isEmpty()) {
            return Reply.of(bulwark.invalidInput(violations));
        }
        String token = security.issue((String) sub, scopes, roleNames);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("access_token", token);
        reply.put("token_type", "Bearer");
        reply.put("expires_in", 3600);
        return Reply.json(200, JSONObjectUtils.toJSONString(reply));
    }

    /** {@code GET /.well-known/jwks.json} (development mode only). */
    public Reply jwks(DemoSecurity security) {
        return security.jwkSetJson().map(json -> Reply.json(200, json))
                .orElseGet(() -> Reply.json(404, "{}"));
    }

    private static boolean isPrintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    private static boolean isScopeToken(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c == 0x22 || c == 0x5C || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInteger(Object value) {
        return value instanceof Long || value instanceof Integer
                || value instanceof java.math.BigInteger;
    }

    /** Keeps an out-of-range integer out of range for {@code @Max}, without overflowing. */
    private static Integer clamp(Object integer) {
        if (integer instanceof java.math.BigInteger big) {
            return big.signum() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        }
        long value = ((Number) integer).longValue();
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static Map<String, Object> object(byte[] body) throws BadBody {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadBody("must be UTF-8");
        }
        try {
            return JSONObjectUtils.parse(text);
        } catch (ParseException e) {
            // Never the parser's message: it may quote the body.
            throw new BadBody("must be a JSON object");
        }
    }

    /** A body that is not a JSON object. */
    private static final class BadBody extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient FieldViolation violation;

        BadBody(String message) {
            super(message, null, false, false);
            this.violation = new FieldViolation("body", message);
        }
    }
}
