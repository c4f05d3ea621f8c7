package io.bulwark;

import io.bulwark.event.SecurityEvent;
import io.bulwark.event.SecurityEventListener;
import io.bulwark.event.Slf4jSecurityEventLogger;
import io.bulwark.health.ComponentHealth;
import io.bulwark.health.HealthStatus;
import io.bulwark.health.SecurityHealth;
import io.bulwark.http.BearerChallenge;
import io.bulwark.http.ProblemDetails;
import io.bulwark.http.RateLimitHeaders;
import io.bulwark.ratelimit.ClientAddressResolver;
import io.bulwark.ratelimit.KeyContext;
import io.bulwark.ratelimit.RateLimit;
import io.bulwark.ratelimit.RateLimiter;
import io.bulwark.token.BearerTokenExtractor;
import io.bulwark.token.Fingerprints;
import io.bulwark.token.RejectionReason;
import io.bulwark.token.TokenRejectedException;
import io.bulwark.token.TokenVerifier;
import io.bulwark.token.VerifiedToken;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import io.bulwark.http.SecurityHeaders;
import io.bulwark.validation.FieldViolation;
import io.bulwark.validation.InputLimits;
import io.bulwark.validation.InputProblems;
import io.bulwark.validation.InputValidator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade: one instance, built once and shared, decides every request.
 *
 * <pre>{@code
 * Bulwark bulwark = Bulwark.builder()
 *         .tokenVerifier(TokenVerifier.builder()
 *                 .trust("https://login.example.com/", KeySource.discovery("https://login.example.com/"))
 *                 .audience("orders-api")
 *                 .build())
 *         .realm("orders")
 *         .build();
 *
 * Decision decision = bulwark.check(request, EndpointPolicy.builder().requireScopes("orders:read").build());
 * }</pre>
 *
 * <p>For each request: the client address is resolved (behind trusted proxies only); limits
 * keyed by address, API key or route, and the budget of failed authentications, are applied
 * before any token work; the bearer token is read from the {@code Authorization} header (RFC 6750
 * §2.1 only, unless query or form tokens are enabled), verified, and checked against the
 * endpoint's scopes and roles; then limits keyed by subject apply. The answer follows the HTTP
 * contract both adapters share: 400 for malformed credentials, 401 with a challenge for a missing
 * or invalid token, 403 for a missing scope or role, 429 with {@code Retry-After} over a limit,
 * 503 when verification keys (or, failing closed, the rate-limit store) cannot be had; every
 * limited response carries {@code RateLimit-Policy} and {@code RateLimit}. Every denial raises a
 * {@link SecurityEvent} to the listeners (SLF4J by default), delivered off the request's thread;
 * every admission binds the request's {@link RequestContext} (id and subject, also in the MDC) to
 * the calling thread until the adapter calls {@link RequestContext#clear()}.
 *
 * <p>Thread-safe; its configuration is immutable (listeners may be added after it is built).
 */
public final class Bulwark {

    private static final Logger LOG = LoggerFactory.getLogger(Bulwark.class);
    private static final String AUTHORIZATION = "Authorization";

    private final TokenVerifier verifier;
    private final @Nullable RateLimiter limiter;
    private final ClientAddressResolver addresses;
    private final BearerTokenExtractor extractor;
    // Form fields are only looked at when enabled, so adapters never read a body for nothing.
    private final boolean allowFormTokens;
    private final BearerChallenge challenge;
    private final EventDelivery events;
    private final boolean mdc;
    private final @Nullable String requestIdHeader;
    private final Clock clock;
    private final Decision.Deny missingToken;
    private final Map<RejectionReason, Decision.Deny> rejections = new EnumMap<>(RejectionReason.class);
    private final Decision.Deny deniedToAll;
    private final Decision.Deny roleMissing;
    private final ProblemDetails tooManyRequests = ProblemDetails.of(429, "Too many requests; retry later");
    private final Decision.Deny storeUnavailable = new Decision.Deny(503, Map.of("Retry-After", "1"),
            ProblemDetails.of(503, "The service cannot decide on this request right now"));
    private final SecurityHeaders securityHeaders;
    private final HttpsRequirement httpsRequirement;
    private final int httpsPort;
    private final InputLimits inputLimits;
    private final Decision.Allow[] anonymous = new Decision.Allow[2];
    // The security headers per [secure ? 1 : 0], for an anonymous caller and for an authenticated one.
    private final HeaderMap[] anonymousHeaders = new HeaderMap[2];
    private final HeaderMap[] principalHeaders = new HeaderMap[2];
    /** Whether no security header is named like a RateLimit header (checked once, not per admission). */
    private final boolean rateLimitNamesFree;
    // Each limit's RateLimit-Policy item never changes: formatted once (limits are configuration, so
    // few; the bound only guards against an application that makes limits per request).
    private static final int MAX_POLICY_ITEMS = 1024;
    /** The usual start of an Authorization header; others go through the extractor alone. */
    private static final String BEARER_PREFIX = "Bearer ";
    private final ConcurrentHashMap<RateLimit, String> policyItems = new ConcurrentHashMap<>();
    /** RateLimit-Policy values of one or two limits, by slot: bounded, overwritten on collision. */
    private final PolicyMemo[] policyMemo = new PolicyMemo[64];
    private final Decision.Deny bodyTooLarge;
    private final Decision.Deny unreadableInput;
    private final Decision.Deny httpsRequired;

    private Bulwark(Builder b) {
        this.verifier = b.verifier;
        this.limiter = b.limiter;
        this.addresses = b.addresses;
        this.extractor = BearerTokenExtractor.of(b.queryTokens, b.formTokens);
        this.allowFormTokens = b.formTokens;
        this.challenge = BearerChallenge.of(b.realm);
        List<SecurityEventListener> listeners = new ArrayList<>();
        if (b.defaultLogger) {
            listeners.add(Slf4jSecurityEventLogger.create());
        }
        listeners.addAll(b.listeners);
        this.events = new EventDelivery(b.eventExecutor, b.eventQueueCapacity, listeners);
        this.mdc = b.mdc;
        this.requestIdHeader = b.requestIdHeader;
        this.clock = b.clock;
        this.missingToken = new Decision.Deny(401, Map.of(BearerChallenge.HEADER, challenge.missingToken()),
                ProblemDetails.of(401, "An access token is required"));
        for (RejectionReason reason : RejectionReason.values()) {
            rejections.put(reason, rejectionOf(reason));
        }
        this.deniedToAll = new Decision.Deny(403, Map.of(), ProblemDetails.of(403, "Access to this resource is denied"));
        this.roleMissing = new Decision.Deny(403, Map.of(),
                ProblemDetails.of(403, "The access token lacks a required role"));
        this.securityHeaders = b.securityHeaders;
        this.httpsRequirement = b.httpsRequirement;
        this.httpsPort = b.httpsPort;
        this.inputLimits = b.inputLimits;
        for (int secure = 0; secure < 2; secure++) {
            anonymousHeaders[secure] = HeaderMap.copyOf(securityHeaders.headers(secure == 1, false));
            principalHeaders[secure] = HeaderMap.copyOf(securityHeaders.headers(secure == 1, true));
            anonymous[secure] = new Decision.Allow(Optional.empty(), anonymousHeaders[secure]);
        }
        boolean taken = false;
        for (HeaderMap base : List.of(anonymousHeaders[0], anonymousHeaders[1], principalHeaders[0], principalHeaders[1])) {
            taken |= base.containsKey(RateLimitHeaders.POLICY) || base.containsKey(RateLimitHeaders.RATE_LIMIT);
        }
        this.rateLimitNamesFree = !taken;
        this.bodyTooLarge = afterDecision(new Decision.Deny(413, Map.of(), InputProblems.bodyTooLarge()));
        this.unreadableInput = afterDecision(new Decision.Deny(400, Map.of(), InputProblems.unreadable()));
        this.httpsRequired = new Decision.Deny(403, securityHeaders.headers(false, true),
                ProblemDetails.of(403, "This resource is only served over HTTPS"));
    }

    private Decision.Deny rejectionOf(RejectionReason reason) {
        if (reason == RejectionReason.KEY_SOURCE_UNAVAILABLE) {
            // Not the client's fault: 503 asks it to retry rather than to fetch a new token.
            return new Decision.Deny(503, Map.of("Retry-After", "5"), ProblemDetails.of(503, reason.description()));
        }
        return new Decision.Deny(401, Map.of(BearerChallenge.HEADER, challenge.invalidToken(reason.description())),
                ProblemDetails.of(401, reason.description()).with("error", "invalid_token"));
    }

    /** A builder for Bulwark. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decides a request.
     *
     * @param request the request
     * @param policy the endpoint's policy
     * @return allow (with the principal, if a valid token was presented) or deny
     */
    public Decision check(SecurityRequest request, EndpointPolicy policy) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(policy, "policy");
        // Whatever an earlier request left on this thread (an integration that did not clear) ends here.
        RequestContext.clear();
        String client = addresses.resolve(request);
        RequestContext context = new RequestContext(requestIdOf(request), client, request.method(), request.path(),
                null, mdc);
        boolean secure = addresses.isSecure(request);
        if (!secure && httpsRequirement != HttpsRequirement.OFF && !isLoopback(client)) {
            return deny(insecure(request), context, SecurityEvent.Kind.ACCESS_DENIED, "https_required", null, null);
        }
        Decision decision = decide(request, policy, context, secure);
        if (decision instanceof Decision.Allow allow) {
            // The application's logs see the request's id and subject while it runs (see RequestContext).
            (allow.principal().isPresent() ? context.withSubject(allow.principal().get().subject()) : context).bind();
            // Admissions come out of decide() with their security headers already in (see allow()).
            return decision;
        }
        return withSecurityHeaders(decision, secure);
    }

    private String requestIdOf(SecurityRequest request) {
        if (requestIdHeader != null) {
            List<String> values = request.headers(requestIdHeader);
            if (values.size() == 1 && RequestContext.isAcceptableRequestId(values.get(0))) {
                return values.get(0);
            }
        }
        return RequestContext.newRequestId();
    }

    private Decision decide(SecurityRequest request, EndpointPolicy policy, RequestContext context, boolean secure) {
        if (policy.access() == EndpointPolicy.Access.DENIED) {
            return deny(deniedToAll, context, SecurityEvent.Kind.ACCESS_DENIED, "deny_all", null, null);
        }
        // Read once: adapters may walk the container's headers on every call.
        List<String> authorization = request.headers(AUTHORIZATION);
        if (limiter == null) {
            return authenticate(request, authorization, context, policy, null, List.of(), secure);
        }
        // Limits keyed by address, API key or route run before any token work: floods stop here.
        KeyContext anonymous = new KeyContext(request, context.clientAddress(), Optional.empty(), request.route());
        if (hasCredentials(request, authorization)) {
            Optional<RateLimiter.Usage> blocked = limiter.failureBudgetExhausted(anonymous);
            if (blocked.isPresent()) {
                return tooManyRequests(context, List.of(), blocked.get(), null, null);
            }
        }
        RateLimiter.Outcome before = limiter.check(RateLimiter.Phase.BEFORE_AUTHENTICATION, anonymous,
                policy.rateLimits());
        Decision.Deny refused = refusal(context, before, List.of(), null, null);
        if (refused != null) {
            return refused;
        }
        return authenticate(request, authorization, context, policy, anonymous, before.usages(), secure);
    }

    private Decision authenticate(SecurityRequest request, List<String> authorization, RequestContext context,
            EndpointPolicy policy, @Nullable KeyContext anonymous, List<RateLimiter.Usage> applied, boolean secure) {
        List<String> queryTokens = request.queryParameters(BearerTokenExtractor.ACCESS_TOKEN_PARAMETER);
        VerifiedToken token = allowFormTokens || !queryTokens.isEmpty() ? null : cachedBearer(authorization);
        if (token == null) {
            BearerTokenExtractor.Result credentials = extractor.extract(authorization, queryTokens,
                    allowFormTokens ? request.formParameters(BearerTokenExtractor.ACCESS_TOKEN_PARAMETER) : List.of());
            if (credentials instanceof BearerTokenExtractor.Invalid invalid) {
                Decision.Deny deny = new Decision.Deny(400,
                        Map.of(BearerChallenge.HEADER, challenge.invalidRequest(invalid.description())),
                        ProblemDetails.of(400, invalid.description()).with("error", "invalid_request"));
                return deny(withLimits(deny, applied), context, SecurityEvent.Kind.AUTHENTICATION_FAILED,
                        "invalid_request", null, null);
            }
            if (!(credentials instanceof BearerTokenExtractor.Found found)) {
                if (policy.requiresAuthentication()) {
                    return deny(withLimits(missingToken, applied), context,
                            SecurityEvent.Kind.AUTHENTICATION_FAILED, "missing_token", null, null);
                }
                return allow(Optional.empty(), applied, secure);
            }
            try {
                token = verifier.verify(found.token());
            } catch (TokenRejectedException e) {
                RejectionReason reason = e.reason();
                SecurityEvent.Kind kind = reason == RejectionReason.KEY_SOURCE_UNAVAILABLE
                        ? SecurityEvent.Kind.KEY_SOURCE_UNAVAILABLE : SecurityEvent.Kind.AUTHENTICATION_FAILED;
                if (anonymous != null && kind == SecurityEvent.Kind.AUTHENTICATION_FAILED) {
                    limiter.recordAuthenticationFailure(anonymous);
                }
                return deny(withLimits(rejections.get(reason), applied), context, kind, reason.code(), null,
                        Fingerprints.of(found.token()));
            }
        }
        if (!token.scopes().containsAll(policy.requiredScopes())) {
            Decision.Deny deny = new Decision.Deny(403,
                    Map.of(BearerChallenge.HEADER, challenge.insufficientScope(policy.requiredScopes())),
                    ProblemDetails.of(403, "The access token lacks a required scope").with("error", "insufficient_scope"));
            return deny(withLimits(deny, applied), context, SecurityEvent.Kind.ACCESS_DENIED,
                    "insufficient_scope", token.subject(), token.fingerprint());
        }
        if (!policy.rolesAllowed().isEmpty() && !hasAnyRole(token, policy)) {
            return deny(withLimits(roleMissing, applied), context, SecurityEvent.Kind.ACCESS_DENIED,
                    "role_missing", token.subject(), token.fingerprint());
        }
        Optional<VerifiedToken> principal = Optional.of(token);
        if (anonymous == null) {
            return allow(principal, List.of(), secure);
        }
        // Limits keyed by the principal run once it is known.
        RateLimiter.Outcome after = limiter.check(RateLimiter.Phase.AFTER_AUTHENTICATION,
                new KeyContext(request, context.clientAddress(), principal, anonymous.route()), policy.rateLimits());
        Decision.Deny refused = refusal(context, after, applied, token.subject(), token.fingerprint());
        if (refused != null) {
            return refused;
        }
        return allow(principal, concat(applied, after.usages()), secure);
    }

    /**
     * The usual request's shortcut: a single {@code Authorization: Bearer <token>} header, no other
     * credential, and a token the verifier has cached and still accepts. That token passed the
     * extractor's checks when it was first verified, so its characters are not scanned again.
     * Anything else — another form, a miss, a refusal — returns {@code null} and takes the full path,
     * which decides it and reports it.
     */
    private @Nullable VerifiedToken cachedBearer(List<String> authorization) {
        if (authorization.size() != 1) {
            return null;
        }
        String header = authorization.get(0);
        if (header == null || header.length() <= BEARER_PREFIX.length() || !header.startsWith(BEARER_PREFIX)) {
            return null;
        }
        return verifier.cachedVerification(header.substring(BEARER_PREFIX.length()));
    }

    /**
     * An admission with all its headers, made in one go: the RateLimit headers of the limits
     * applied, then the security headers (Cache-Control no-store where a principal is present, HSTS
     * where the client's connection was secure).
     */
    private Decision.Allow allow(Optional<VerifiedToken> principal, List<RateLimiter.Usage> usages, boolean secure) {
        int index = secure ? 1 : 0;
        HeaderMap extra = principal.isPresent() ? principalHeaders[index] : anonymousHeaders[index];
        if (usages.isEmpty()) {
            return principal.isPresent() ? new Decision.Allow(principal, extra) : anonymous[index];
        }
        return new Decision.Allow(principal, extra.after(RateLimitHeaders.POLICY, policy(usages),
                RateLimitHeaders.RATE_LIMIT, RateLimitHeaders.rateLimit(usages), rateLimitNamesFree));
    }

    /**
     * {@link RateLimitHeaders#policy}: remembered for one or two limits (an endpoint applies the same
     * limits to request after request), made from the items formatted once per limit beyond that.
     */
    private String policy(List<RateLimiter.Usage> usages) {
        int n = usages.size();
        if (n <= 2) {
            RateLimit first = usages.get(0).limit();
            RateLimit second = n == 2 ? usages.get(1).limit() : null;
            // Identity, not equals: a record's hashCode over its quotas would cost more than the text.
            int slot = (31 * System.identityHashCode(first) + (second == null ? 0 : System.identityHashCode(second)))
                    & (policyMemo.length - 1);
            PolicyMemo memo = policyMemo[slot];
            if (memo != null && memo.first() == first && memo.second() == second) {
                return memo.value();
            }
            String value = second == null ? RateLimitHeaders.policyItem(first)
                    : RateLimitHeaders.policyItem(first) + ", " + RateLimitHeaders.policyItem(second);
            // An immutable record: a racing reader sees it whole or not at all.
            policyMemo[slot] = new PolicyMemo(first, second, value);
            return value;
        }
        StringBuilder policy = new StringBuilder(40 * n);
        for (int i = 0; i < n; i++) {
            policy.append(i == 0 ? "" : ", ").append(policyItem(usages.get(i).limit()));
        }
        return policy.toString();
    }

    /** A RateLimit-Policy value and the limits it lists. */
    private record PolicyMemo(RateLimit first, @Nullable RateLimit second, String value) {
    }

    private String policyItem(RateLimit limit) {
        String item = policyItems.get(limit);
        if (item == null) {
            item = RateLimitHeaders.policyItem(limit);
            if (policyItems.size() < MAX_POLICY_ITEMS) {
                policyItems.putIfAbsent(limit, item);
            }
        }
        return item;
    }

    /**
     * Adds the security headers to a decision: Cache-Control no-store where a principal is present
     * and on every denial, HSTS where the client's connection was secure.
     */
    private Decision withSecurityHeaders(Decision decision, boolean secure) {
        if (decision instanceof Decision.Allow allow) {
            Map<String, String> extra = securityHeaders.headers(secure, allow.principal().isPresent());
            if (extra.isEmpty()) {
                return allow;
            }
            return new Decision.Allow(allow.principal(), merged(allow.headers(), extra));
        }
        Decision.Deny deny = (Decision.Deny) decision;
        Map<String, String> extra = securityHeaders.headers(secure, true);
        return extra.isEmpty() ? deny : new Decision.Deny(deny.status(), merged(deny.headers(), extra), deny.problem());
    }

    /** The decision's own headers first, then the security headers it does not set itself. */
    private static Map<String, String> merged(Map<String, String> own, Map<String, String> extra) {
        if (own.isEmpty()) {
            return extra;
        }
        return new HeaderMap.Builder(own.size() + extra.size()).putAllAbsent(own).putAllAbsent(extra).build();
    }

    /** A denial made outside {@link #check}: the security headers of an insecure request, no-store. */
    private Decision.Deny afterDecision(Decision.Deny deny) {
        return (Decision.Deny) withSecurityHeaders(deny, false);
    }

    private Decision.Deny insecure(SecurityRequest request) {
        if (httpsRequirement == HttpsRequirement.REDIRECT) {
            String location = HttpsRedirect.location(request, httpsPort);
            if (location != null) {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Location", location);
                headers.putAll(securityHeaders.headers(false, true));
                return new Decision.Deny(308, headers, ProblemDetails.of(308, "This resource is only served over HTTPS"));
            }
        }
        return httpsRequired;
    }

    private static boolean isLoopback(String client) {
        return client.startsWith("127.") || client.equals("::1");
    }

    private static boolean hasCredentials(SecurityRequest request, List<String> authorization) {
        return !authorization.isEmpty()
                || !request.queryParameters(BearerTokenExtractor.ACCESS_TOKEN_PARAMETER).isEmpty();
    }

    /** The answer to a phase of limits that refused the request, or {@code null} to go on. */
    private Decision.@Nullable Deny refusal(RequestContext context, RateLimiter.Outcome outcome,
            List<RateLimiter.Usage> earlier, @Nullable String subject, @Nullable String fingerprint) {
        if (outcome.storeFailures() > 0) {
            publishIfListened(context, SecurityEvent.Kind.STORE_UNAVAILABLE,
                    limiter.failurePolicy().name().toLowerCase(java.util.Locale.ROOT), subject, fingerprint);
        }
        if (outcome.refusedByFailurePolicy()) {
            return storeUnavailable;
        }
        if (outcome.exceeded().isPresent()) {
            return tooManyRequests(context, concat(earlier, outcome.usages()), outcome.exceeded().get(),
                    subject, fingerprint);
        }
        return null;
    }

    private Decision.Deny tooManyRequests(RequestContext context, List<RateLimiter.Usage> usages,
            RateLimiter.Usage exceeded, @Nullable String subject, @Nullable String fingerprint) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RateLimitHeaders.RETRY_AFTER, Long.toString(exceeded.probe().retryAfterSeconds()));
        headers.putAll(RateLimitHeaders.of(usages.isEmpty() ? List.of(exceeded) : usages));
        return deny(new Decision.Deny(429, headers, tooManyRequests), context,
                SecurityEvent.Kind.RATE_LIMITED, exceeded.limit().name(), subject, fingerprint);
    }

    /** A denial carrying the RateLimit headers of the limits already applied to the request. */
    private static Decision.Deny withLimits(Decision.Deny deny, List<RateLimiter.Usage> applied) {
        if (applied.isEmpty()) {
            return deny;
        }
        // The RateLimit headers replace any of the same name, in place, as Map.putAll would.
        Map<String, String> limits = RateLimitHeaders.of(applied);
        HeaderMap.Builder headers = new HeaderMap.Builder(deny.headers().size() + limits.size());
        deny.headers().forEach((name, value) -> headers.putIfAbsent(name, limits.getOrDefault(name, value)));
        return new Decision.Deny(deny.status(), headers.putAllAbsent(limits).build(), deny.problem());
    }

    private static List<RateLimiter.Usage> concat(List<RateLimiter.Usage> a, List<RateLimiter.Usage> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        if (a.size() == 1 && b.size() == 1) {
            return List.of(a.get(0), b.get(0)); // the usual pair (an address limit, a subject limit): one small object
        }
        List<RateLimiter.Usage> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }


    private static boolean hasAnyRole(VerifiedToken token, EndpointPolicy policy) {
        for (String role : policy.rolesAllowed()) {
            if (token.hasRole(role)) {
                return true;
            }
        }
        return false;
    }

    private Decision.Deny deny(Decision.Deny deny, RequestContext context, SecurityEvent.Kind kind, String reason,
            @Nullable String subject, @Nullable String fingerprint) {
        publishIfListened(context, kind, reason, subject, fingerprint);
        return deny;
    }

    private void publishIfListened(RequestContext context, SecurityEvent.Kind kind, String reason,
            @Nullable String subject, @Nullable String fingerprint) {
        if (!events.isEmpty()) {
            events.publish(new SecurityEvent(kind, reason, context.clientAddress(),
                    subject != null ? Optional.of(subject) : context.subject(), context.endpoint(),
                    Optional.ofNullable(fingerprint), context.requestId(), clock.instant()));
        }
    }

    /**
     * Raises an {@code INPUT_REJECTED} event for the request on the current thread, with what its
     * {@link RequestContext} knows (an unknown client and endpoint outside a request).
     */
    private Decision.Deny inputRejected(Decision.Deny deny, String reason) {
        if (!events.isEmpty()) {
            RequestContext context = RequestContext.current().orElseGet(
                    () -> new RequestContext(RequestContext.newRequestId(), "unknown", "", "unknown", null, false));
            publishIfListened(context, SecurityEvent.Kind.INPUT_REJECTED, reason, null, null);
        }
        return deny;
    }

    /**
     * Adds a security event listener to a built Bulwark: a metrics binder or an audit trail that
     * is wired up after Bulwark exists. Events raised from now on reach it, through its own bounded
     * mailbox like every listener's (or at once, if it {@linkplain SecurityEventListener#isImmediate()
     * is immediate}).
     *
     * @param listener the listener
     * @throws IllegalStateException past 64 listeners
     */
    public void addListener(SecurityEventListener listener) {
        events.add(listener);
    }

    /**
     * Removes a listener added here or on the builder.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    public boolean removeListener(SecurityEventListener listener) {
        return events.remove(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * How many events were dropped because a listener's mailbox was full (a listener too slow for
     * the rate of events). Exposed as a metric by the Micrometer binder.
     *
     * @return the count since start
     */
    public long droppedEvents() {
        return events.dropped();
    }

    /**
     * Checks, at deployment, that a policy can be decided: every rate limit it names is configured.
     * Adapters call it once per endpoint so a typo fails at start-up, not at the first request.
     *
     * @param policy the endpoint's policy
     * @return the same policy
     * @throws IllegalStateException naming what is missing
     */
    public EndpointPolicy validate(EndpointPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (!policy.rateLimits().isEmpty()) {
            if (limiter == null) {
                throw new IllegalStateException("The endpoint has rate limits " + policy.rateLimits()
                        + " but Bulwark has no rate limiter: call rateLimiter(...) on its builder");
            }
            limiter.validate(policy.rateLimits());
        }
        return policy;
    }

    /**
     * The limits on request bodies and fields. Adapters answer {@link #bodyTooLarge()} when a
     * {@code Content-Length} is over {@link InputLimits#isOverBodyLimit(long)}, and wrap every other
     * body in {@link InputLimits#limit(java.io.InputStream)}.
     *
     * @return the limits (default {@link InputLimits#defaults()})
     */
    public InputLimits inputLimits() {
        return inputLimits;
    }

    /**
     * The answer to a body over {@link #inputLimits()}: 413 with a problem body and the security
     * headers. Raises an {@code INPUT_REJECTED} event ({@code body_too_large}) for the current
     * thread's {@link RequestContext}.
     *
     * @return the shared denial
     */
    public Decision.Deny bodyTooLarge() {
        return inputRejected(bodyTooLarge, "body_too_large");
    }

    /**
     * {@link #bodyTooLarge()} for a request refused before {@link #check} ran (a
     * {@code Content-Length} over the limit is answered before any token work): the event names the
     * request's client and endpoint.
     *
     * @param request the request
     * @return the shared denial
     */
    public Decision.Deny bodyTooLarge(SecurityRequest request) {
        Objects.requireNonNull(request, "request");
        if (!events.isEmpty()) {
            RequestContext context = new RequestContext(requestIdOf(request), addresses.resolve(request),
                    request.method(), request.path(), null, false);
            publishIfListened(context, SecurityEvent.Kind.INPUT_REJECTED, "body_too_large", null, null);
        }
        return bodyTooLarge;
    }

    /**
     * The answer to a body that cannot be read as the endpoint's type (JSON that does not parse, a
     * wrong field type): 400 with a fixed problem body that never echoes the input. Raises an
     * {@code INPUT_REJECTED} event ({@code unreadable_input}).
     *
     * @return the shared denial
     */
    public Decision.Deny unreadableInput() {
        return inputRejected(unreadableInput, "unreadable_input");
    }

    /**
     * The answer to input that fails validation: 400 with {@code errors: [{field, message}]}, never
     * echoing a rejected value. Raises an {@code INPUT_REJECTED} event ({@code invalid_input}).
     *
     * @param violations what failed, from {@link InputValidator#violations} or
     *     {@link InputValidator#toFieldViolations}
     * @return the denial
     */
    public Decision.Deny invalidInput(List<FieldViolation> violations) {
        Objects.requireNonNull(violations, "violations");
        return inputRejected(afterDecision(new Decision.Deny(400, Map.of(), InputProblems.invalidInput(violations))),
                "invalid_input");
    }

    /**
     * The rate limiter, when one is configured (for metrics and health views).
     *
     * @return the limiter
     */
    public Optional<RateLimiter> rateLimiter() {
        return Optional.ofNullable(limiter);
    }

    /** The token verifier, for adapters and applications that verify tokens outside a request. */
    public TokenVerifier tokenVerifier() {
        return verifier;
    }

    /**
     * The health of what Bulwark depends on, for an application's health endpoint: the keys of each
     * trusted issuer ({@link TokenVerifier#health()}, passive: nothing is fetched) and, with a rate
     * limiter, its store ({@link io.bulwark.ratelimit.BucketStore#health()}: a distributed store is
     * asked, within its timeout). The overall status is the worst of theirs.
     *
     * <pre>{@code
     * SecurityHealth health = bulwark.health();
     * respond(health.httpStatus(), "application/json", health.toJson());   // 503 when DOWN
     * }</pre>
     *
     * <p>Nothing in it is secret: counts, times, fixed texts and failure class names.
     *
     * @return the health; never throws
     */
    public SecurityHealth health() {
        List<ComponentHealth> components = new ArrayList<>(verifier.health());
        if (limiter != null) {
            ComponentHealth store;
            try {
                store = limiter.store().health();
            } catch (RuntimeException e) {
                // An application's own store that throws is down; the health endpoint still answers.
                store = new ComponentHealth(io.bulwark.ratelimit.BucketStore.HEALTH_COMPONENT, HealthStatus.DOWN,
                        Map.of("failure", e.getClass().getName()));
            }
            components.add(store);
        }
        return SecurityHealth.of(components);
    }

    @Override
    public String toString() {
        return "Bulwark[realm=" + challenge.realm() + ", verifier=" + verifier + "]";
    }

    /** Builds a {@link Bulwark}. */
    public static final class Builder {
        private @Nullable TokenVerifier verifier;
        private @Nullable RateLimiter limiter;
        private ClientAddressResolver addresses = ClientAddressResolver.direct();
        private String realm = "api";
        private boolean queryTokens;
        private boolean formTokens;
        private final List<SecurityEventListener> listeners = new ArrayList<>();
        private boolean defaultLogger = true;
        private Executor eventExecutor = EventDelivery.SHARED_EXECUTOR;
        private int eventQueueCapacity = 1024;
        private boolean mdc = true;
        private @Nullable String requestIdHeader;
        private Clock clock = Clock.systemUTC();
        private SecurityHeaders securityHeaders = SecurityHeaders.defaults();
        private HttpsRequirement httpsRequirement = HttpsRequirement.OFF;
        private int httpsPort = 443;
        private InputLimits inputLimits = InputLimits.defaults();

        private Builder() {
        }

        /**
         * The security headers added to every response Bulwark decides on (default
         * {@link SecurityHeaders#defaults()}; {@link SecurityHeaders#none()} for none).
         */
        public Builder securityHeaders(SecurityHeaders value) {
            this.securityHeaders = Objects.requireNonNull(value, "securityHeaders");
            return this;
        }

        /** What happens to plain-HTTP requests (default {@link HttpsRequirement#OFF}). */
        public Builder httpsRequirement(HttpsRequirement value) {
            this.httpsRequirement = Objects.requireNonNull(value, "httpsRequirement");
            return this;
        }

        /** The port {@link HttpsRequirement#REDIRECT} sends clients to (default 443). */
        public Builder httpsPort(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("httpsPort must be 1 to 65535, was " + port);
            }
            this.httpsPort = port;
            return this;
        }

        /** The limits on request bodies and fields (default {@link InputLimits#defaults()}). */
        public Builder inputLimits(InputLimits value) {
            this.inputLimits = Objects.requireNonNull(value, "inputLimits");
            return this;
        }

        /** The token verifier (required). */
        public Builder tokenVerifier(TokenVerifier value) {
            this.verifier = Objects.requireNonNull(value, "tokenVerifier");
            return this;
        }

        /** The rate limiter (default none: no limits apply). */
        public Builder rateLimiter(RateLimiter value) {
            this.limiter = Objects.requireNonNull(value, "rateLimiter");
            return this;
        }

        /**
         * How the client's address is found (default {@link ClientAddressResolver#direct()}: the
         * connecting peer, forwarding headers ignored). Name your trusted proxies here.
         */
        public Builder clientAddressResolver(ClientAddressResolver value) {
            this.addresses = Objects.requireNonNull(value, "clientAddressResolver");
            return this;
        }

        /** The realm named in {@code WWW-Authenticate} challenges (default {@code api}). */
        public Builder realm(String value) {
            this.realm = BearerChallenge.of(value).realm();
            return this;
        }

        /**
         * Accepts {@code ?access_token=} (RFC 6750 §2.3). Off by default: URLs end up in logs,
         * history and Referer headers.
         */
        public Builder allowQueryParameterTokens(boolean allow) {
            this.queryTokens = allow;
            return this;
        }

        /** Accepts an {@code access_token} form field (RFC 6750 §2.2). Off by default. */
        public Builder allowFormTokens(boolean allow) {
            this.formTokens = allow;
            return this;
        }

        /** Adds a security event listener. */
        public Builder listener(SecurityEventListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * Whether the default event logger, {@link Slf4jSecurityEventLogger#create()}, is registered
         * (default {@code true}). Turn it off to register a configured one with {@link #listener}.
         */
        public Builder defaultEventLogger(boolean enabled) {
            this.defaultLogger = enabled;
            return this;
        }

        /**
         * Where listeners run (default a daemon pool shared by every Bulwark in the JVM). Each
         * listener's events are delivered one at a time, in order, never on the request's thread
         * unless this executor runs tasks in the caller ({@code Runnable::run}, for tests only: a
         * slow listener then slows requests).
         *
         * @param value the executor
         * @return this builder
         */
        public Builder eventExecutor(Executor value) {
            this.eventExecutor = Objects.requireNonNull(value, "eventExecutor");
            return this;
        }

        /**
         * How many events may wait for each listener (default 1024); past it, new events for that
         * listener are dropped and counted ({@link Bulwark#droppedEvents()}).
         *
         * @param capacity 1 to 1,000,000
         * @return this builder
         */
        public Builder eventQueueCapacity(int capacity) {
            if (capacity < 1 || capacity > 1_000_000) {
                throw new IllegalArgumentException("eventQueueCapacity must be 1 to 1000000, was " + capacity);
            }
            this.eventQueueCapacity = capacity;
            return this;
        }

        /**
         * Whether admitted requests put their id and subject in SLF4J's MDC as
         * {@value RequestContext#MDC_REQUEST_ID} and {@value RequestContext#MDC_SUBJECT} (default
         * {@code true}). {@link RequestContext#current()} works either way.
         *
         * @param enabled whether to write the MDC
         * @return this builder
         */
        public Builder mdc(boolean enabled) {
            this.mdc = enabled;
            return this;
        }

        /**
         * Takes each request's id from this header (e.g. {@code X-Request-Id}, set by a gateway)
         * when it holds one value of 1 to 64 letters, digits, {@code . _ : -}; otherwise, and by
         * default, Bulwark makes one. Only name a header your proxy sets or overwrites: a client can
         * send any value.
         *
         * @param name the header's name
         * @return this builder
         */
        public Builder requestIdHeader(String name) {
            Objects.requireNonNull(name, "requestIdHeader");
            if (name.isBlank() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != ':')) {
                throw new IllegalArgumentException("requestIdHeader must be a header name, was '" + name + "'");
            }
            this.requestIdHeader = name;
            return this;
        }

        /** The clock that stamps events (default the system UTC clock). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Builds Bulwark.
         *
         * @throws IllegalStateException if no token verifier was given
         */
        public Bulwark build() {
            if (verifier == null) {
                throw new IllegalStateException("Give Bulwark a token verifier: tokenVerifier(TokenVerifier.builder()...build())");
            }
            return new Bulwark(this);
        }
    }
}
