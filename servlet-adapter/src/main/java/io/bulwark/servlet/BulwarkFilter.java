package io.bulwark.servlet;

import io.bulwark.Bulwark;
import io.bulwark.Decision;
import io.bulwark.EndpointPolicy;
import io.bulwark.RequestContext;
import io.bulwark.http.ProblemDetails;
import io.bulwark.token.VerifiedToken;
import io.bulwark.validation.BodyTooLargeException;
import io.bulwark.validation.InputLimits;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulwark for a Jakarta Servlet 6.0+ application: a {@link Filter} that has every request decided by
 * {@link Bulwark#check} and writes the decision.
 *
 * <p>Built programmatically and registered as an instance:
 * <pre>{@code
 * BulwarkFilter filter = BulwarkFilter.builder(bulwark)
 *         .route("GET", "/api/orders/*", EndpointPolicy.builder().requireScopes("orders:read").build())
 *         .route("/api/admin/**", EndpointPolicy.builder().rolesAllowed("admin").build())
 *         .route("/health", EndpointPolicy.permitAll())
 *         .defaultPolicy(EndpointPolicy.denyAll())          // deny what no rule or annotation covers
 *         .build();
 * servletContext.addFilter("bulwark", filter)
 *         .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
 * }</pre>
 * or instantiated by the container ({@code web.xml}, {@code @WebFilter}, {@code addFilter(name, BulwarkFilter.class)}):
 * then {@link #init(FilterConfig)} takes its configuration from the servlet context attribute
 * {@value #CONTEXT_ATTRIBUTE}, which holds either a configured {@code BulwarkFilter} (its rules and
 * defaults are used) or a {@link Bulwark} (annotations and the default policy only).
 *
 * <p><b>Which policy.</b> For each request: the most specific matching route rule (see
 * {@link Builder#route(String, String, EndpointPolicy)}); else the annotations of the servlet the
 * container mapped the request to (Bulwark's {@code @Authenticated}, {@code @RequiresScopes},
 * {@code @RateLimited} and {@code jakarta.annotation.security}'s {@code @RolesAllowed},
 * {@code @PermitAll}, {@code @DenyAll}, on the class and on the {@code doGet}/{@code doPost}/… method
 * that serves the request's HTTP method, method over class); else the default policy
 * ({@link EndpointPolicy#authenticated()} unless set). Rules are matched against the path within the
 * application as the container decoded and normalized it ({@code getServletPath() + getPathInfo()}),
 * never the raw URI, so {@code /api/../admin}, {@code %2e%2e}, {@code ;jsessionid=} or
 * {@code //admin} cannot slip past a rule.
 *
 * <p><b>Allowed</b> requests reach the application wrapped: {@code getUserPrincipal()} is the
 * {@link VerifiedToken}, {@code isUserInRole} checks its roles, {@code getAuthType()} is
 * {@code "Bearer"}, and the token is also the request attribute {@value #PRINCIPAL_ATTRIBUTE}; the
 * decision's headers (RateLimit, security headers) are set on the response first. <b>Denied</b>
 * requests get the decision's status, headers and {@code application/problem+json} body; the
 * application never runs. <b>Bodies</b> declared larger than {@link Bulwark#inputLimits()} are
 * refused with 413 before anything is read; others are counted as the application reads them, and a
 * read past the limit ends in 413 while the response is not yet committed. A 413 over HTTP/1.x says
 * {@code Connection: close}: the unread rest of the body must not be taken for the next request.
 *
 * <p><b>Dispatches.</b> A request is decided once, on the first dispatch this filter sees (REQUEST,
 * normally); its later ASYNC, FORWARD, INCLUDE and ERROR dispatches pass through without a second
 * decision but still see the principal. An ERROR dispatch of a request never decided (the container
 * refused it before any filter ran) passes through too: it renders the container's error. Map the
 * filter for all dispatcher types so that async dispatches keep the principal.
 *
 * <p>Thread-safe; one instance serves every request of its application.
 */
public final class BulwarkFilter implements Filter {

    /**
     * The servlet context attribute a container-instantiated filter reads its configuration from: a
     * {@link BulwarkFilter} built with {@link #builder(Bulwark)}, or a {@link Bulwark}.
     */
    public static final String CONTEXT_ATTRIBUTE = "io.bulwark.servlet.BulwarkFilter";

    /** The request attribute that holds the {@link VerifiedToken} of an allowed request that presented one. */
    public static final String PRINCIPAL_ATTRIBUTE = "io.bulwark.servlet.principal";

    /** The request attribute marking a request already decided (holds an {@link Evaluation}). */
    static final String EVALUATION_ATTRIBUTE = "io.bulwark.servlet.evaluation";

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkFilter.class);

    private volatile @Nullable Engine engine;

    /**
     * A filter for the container to instantiate; {@link #init(FilterConfig)} configures it from the
     * servlet context attribute {@value #CONTEXT_ATTRIBUTE}. Applications that register instances
     * use {@link #builder(Bulwark)} instead.
     */
    public BulwarkFilter() {
        this.engine = null;
    }

    private BulwarkFilter(Engine engine) {
        this.engine = engine;
    }

    /**
     * Starts a filter for a Bulwark.
     *
     * @param bulwark the configured Bulwark
     * @return a builder
     */
    public static Builder builder(Bulwark bulwark) {
        return new Builder(bulwark);
    }

    /**
     * Configures a container-instantiated filter from the servlet context, and reads the annotations
     * of every servlet registered so far, so that contradicting annotations or an unknown named rate
     * limit stop the application from starting.
     *
     * @param config the filter's configuration
     * @throws ServletException when the context holds no configuration for a container-instantiated
     *     filter, or when a servlet's annotations are invalid
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        ServletContext context = config.getServletContext();
        Engine current = engine;
        if (current == null) {
            Object configured = context.getAttribute(CONTEXT_ATTRIBUTE);
            if (configured instanceof BulwarkFilter filter && filter.engine != null) {
                current = filter.engine;
            } else if (configured instanceof Bulwark bulwark) {
                current = new Builder(bulwark).engine();
            } else {
                throw new ServletException("BulwarkFilter " + config.getFilterName() + " has no Bulwark: put a "
                        + "Bulwark, or a BulwarkFilter made by BulwarkFilter.builder(bulwark)...build(), in the servlet "
                        + "context attribute \"" + CONTEXT_ATTRIBUTE + "\" before the filter starts, or register a "
                        + "built BulwarkFilter instance");
            }
            engine = current;
        }
        int servlets;
        try {
            servlets = current.annotations == null ? 0 : current.annotations.preload(context);
        } catch (IllegalStateException e) {
            throw new ServletException("BulwarkFilter " + config.getFilterName() + ": " + e.getMessage(), e);
        }
        LOG.atInfo().addKeyValue("filter", config.getFilterName()).addKeyValue("routes", current.routes.size())
                .addKeyValue("annotatedServletsRead", servlets).addKeyValue("defaultPolicy", current.defaultPolicy)
                .log("BulwarkFilter ready");
    }

    /**
     * Decides the request and writes the decision, or lets a dispatch of an already decided request
     * through.
     *
     * @param req the request
     * @param res the response
     * @param chain the rest of the chain
     * @throws IOException as the chain throws it
     * @throws ServletException as the chain throws it, or when the filter was never initialized
     */
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        if (request.getAttribute(EVALUATION_ATTRIBUTE) instanceof Evaluation earlier && earlier.madeBy(this)) {
            chain.doFilter(earlier.expose(request, response), response);
            return;
        }
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            chain.doFilter(request, response);
            return;
        }
        Engine current = engine;
        if (current == null) {
            // Fail closed: an unconfigured filter lets nothing through.
            throw new ServletException("BulwarkFilter was not initialized: the container must call init(FilterConfig)");
        }
        Bulwark bulwark = current.bulwark;
        InputLimits limits = bulwark.inputLimits();
        String method = request.getMethod();
        String path = RequestPaths.of(request);
        if (limits.isOverBodyLimit(request.getContentLengthLong())) {
            writeTooLarge(request, response, bulwark.bodyTooLarge(new ServletSecurityRequest(request, path, path)));
            return;
        }

        RouteTable.Rule rule = current.routes.match(method, path);
        EndpointPolicy policy;
        String route;
        if (rule != null) {
            policy = rule.policy();
            route = rule.routeFor(method);
        } else {
            HttpServletMapping mapping = request.getHttpServletMapping();
            String servletName = mapping == null ? null : mapping.getServletName();
            String pattern = mapping == null ? null : mapping.getPattern();
            route = method + " " + (pattern == null || pattern.isEmpty() ? path : pattern);
            policy = current.annotations != null && servletName != null && !servletName.isEmpty()
                    ? current.annotations.policy(request.getServletContext(), servletName, method)
                    : current.defaultPolicy;
        }

        Decision decision = bulwark.check(new ServletSecurityRequest(request, method, path, route), policy);
        if (decision instanceof Decision.Deny deny) {
            write(response, deny);
            return;
        }
        Decision.Allow allow = (Decision.Allow) decision;
        allow.headers().forEach(response::setHeader);
        VerifiedToken principal = allow.principal().orElse(null);
        Evaluation evaluation = new Evaluation(this, principal, limits);
        request.setAttribute(EVALUATION_ATTRIBUTE, evaluation);
        if (principal != null) {
            request.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
        }
        try {
            try {
                chain.doFilter(new BulwarkRequest(request, response, evaluation), response);
            } catch (IOException | ServletException | RuntimeException e) {
                if (BodyTooLargeException.findIn(e).isPresent() && !response.isCommitted()) {
                    rewriteAsTooLarge(request, response, bulwark);
                    return;
                }
                throw e;
            }
            // The application caught the exception itself: the contract still answers 413.
            if (evaluation.bodyLimitPassed() && !request.isAsyncStarted() && !response.isCommitted()) {
                rewriteAsTooLarge(request, response, bulwark);
            }
        } finally {
            // check() bound the request's id and subject to this thread (and the MDC): the request ends here.
            RequestContext.clear();
        }
    }

    /** Forgets the cached policies. */
    @Override
    public void destroy() {
        Engine current = engine;
        if (current != null && current.annotations != null) {
            current.annotations.clear();
        }
    }

    /** Shows the configuration, never a token. */
    @Override
    public String toString() {
        Engine current = engine;
        return current == null ? "BulwarkFilter[uninitialized]"
                : "BulwarkFilter[routes=" + current.routes.size() + ", annotations=" + (current.annotations != null)
                        + ", defaultPolicy=" + current.defaultPolicy + "]";
    }

    /** Throws away what the application wrote, headers included, and answers 413 instead. */
    private static void rewriteAsTooLarge(HttpServletRequest request, HttpServletResponse response, Bulwark bulwark)
            throws IOException {
        response.reset();
        writeTooLarge(request, response, bulwark.bodyTooLarge());
    }

    /**
     * Writes a 413 and, over HTTP/1.x, marks the response as the connection's last: the rest of the
     * body is still on the wire, so a client must not send its next request after it. Tomcat says so
     * by itself; Jetty would keep the connection, and a client reusing it could lose its next request.
     * HTTP/2 has no {@code Connection} field (RFC 9113 §8.2.2), and ends just the stream.
     */
    private static void writeTooLarge(HttpServletRequest request, HttpServletResponse response, Decision.Deny deny)
            throws IOException {
        String protocol = request.getProtocol();
        if (protocol != null && protocol.startsWith("HTTP/1.")) {
            response.setHeader("Connection", "close");
        }
        write(response, deny);
    }

    private static void write(HttpServletResponse response, Decision.Deny deny) throws IOException {
        response.setStatus(deny.status());
        deny.headers().forEach(response::setHeader);
        byte[] body = deny.body().getBytes(StandardCharsets.UTF_8);
        // JSON is UTF-8 (RFC 8259 §8.1): written as bytes, with no charset parameter to contradict it.
        response.setContentType(ProblemDetails.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Everything a configured filter needs, shared by a built filter and container instances using it. */
    private static final class Engine {
        final Bulwark bulwark;
        final RouteTable routes;
        final EndpointPolicy defaultPolicy;
        final @Nullable ServletAnnotationPolicies annotations;

        Engine(Bulwark bulwark, RouteTable routes, EndpointPolicy defaultPolicy, boolean readAnnotations) {
            this.bulwark = bulwark;
            this.routes = routes;
            this.defaultPolicy = defaultPolicy;
            this.annotations = readAnnotations ? new ServletAnnotationPolicies(bulwark, defaultPolicy) : null;
        }
    }

    /**
     * Builds a {@link BulwarkFilter}: route rules, the default policy, whether servlet annotations are
     * read. Every policy is checked against the Bulwark at {@link #build()}.
     */
    public static final class Builder {

        /** The methods of RFC 9110 and RFC 5789, to catch {@code "get"} written for {@code "GET"}. */
        private static final Set<String> STANDARD_METHODS =
                Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

        private final Bulwark bulwark;
        private final List<RouteTable.Rule> rules = new ArrayList<>();
        private EndpointPolicy defaultPolicy = EndpointPolicy.authenticated();
        private boolean readAnnotations = true;

        private Builder(Bulwark bulwark) {
            this.bulwark = Objects.requireNonNull(bulwark, "bulwark");
        }

        /**
         * Adds a route rule. A matching rule overrides the servlet's annotations; among matching rules
         * the most specific wins: an exact pattern over any wildcard pattern; then the one with more
         * literal segments before its first wildcard ({@code /api/orders/*} over {@code /api/**});
         * then more literal segments in all; then fewer wildcards; then fewer {@code **}; at equal
         * paths a rule for the request's method over an any-method rule; then the one added first.
         *
         * <p>Patterns are decoded paths within the application (no context path), segment by
         * segment: literal segments match exactly and case-sensitively; {@code *} matches one
         * segment; {@code **} matches zero or more; a trailing {@code /*} is a prefix as in a servlet
         * mapping ({@code /api/orders/*} covers {@code /api/orders} and everything below).
         *
         * @param method the HTTP method, case-sensitive (RFC 9110 §9.1), or {@code "*"} for any
         * @param pattern the path pattern, e.g. {@code /api/orders}, {@code /api/orders/*},
         *     {@code /api/&#42;&#42;/export}
         * @param policy the policy of matching requests
         * @return this builder
         * @throws IllegalArgumentException if the method or the pattern is malformed
         */
        public Builder route(String method, String pattern, EndpointPolicy policy) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(policy, "policy");
            String m = method.equals("*") ? null : checkedMethod(method);
            rules.add(new RouteTable.Rule(m, RoutePattern.compile(pattern), policy, rules.size()));
            return this;
        }

        /**
         * Adds a route rule for every HTTP method; see {@link #route(String, String, EndpointPolicy)}.
         *
         * @param pattern the path pattern
         * @param policy the policy of matching requests
         * @return this builder
         * @throws IllegalArgumentException if the pattern is malformed
         */
        public Builder route(String pattern, EndpointPolicy policy) {
            return route("*", pattern, policy);
        }

        /**
         * The policy of requests that no rule matches and whose servlet carries no access annotation
         * (default {@link EndpointPolicy#authenticated()}: a valid token is required).
         *
         * @param policy the default policy; {@link EndpointPolicy#denyAll()} denies by default
         * @return this builder
         */
        public Builder defaultPolicy(EndpointPolicy policy) {
            this.defaultPolicy = Objects.requireNonNull(policy, "defaultPolicy");
            return this;
        }

        /**
         * Denies what no rule or annotation allows: the same as
         * {@code defaultPolicy(EndpointPolicy.denyAll())}.
         *
         * @return this builder
         */
        public Builder denyByDefault() {
            return defaultPolicy(EndpointPolicy.denyAll());
        }

        /**
         * Whether the annotations of the request's servlet are read (default {@code true}); without
         * them only route rules and the default policy decide.
         *
         * @param read whether to read them
         * @return this builder
         */
        public Builder readAnnotations(boolean read) {
            this.readAnnotations = read;
            return this;
        }

        /**
         * Builds the filter.
         *
         * @return the filter, ready to be registered
         * @throws IllegalArgumentException if two rules have the same method and pattern
         * @throws IllegalStateException if a policy names a rate limit the Bulwark does not have
         */
        public BulwarkFilter build() {
            return new BulwarkFilter(engine());
        }

        Engine engine() {
            bulwark.validate(defaultPolicy);
            for (RouteTable.Rule rule : rules) {
                try {
                    bulwark.validate(rule.policy());
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("route " + rule + ": " + e.getMessage(), e);
                }
            }
            return new Engine(bulwark, RouteTable.of(rules), defaultPolicy, readAnnotations);
        }

        private static String checkedMethod(String method) {
            if (method.isEmpty()) {
                throw new IllegalArgumentException("method must not be empty; use \"*\" for any method");
            }
            for (int i = 0; i < method.length(); i++) {
                char c = method.charAt(i);
                // RFC 9110 §5.6.2 tchar
                boolean tchar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
                if (!tchar) {
                    throw new IllegalArgumentException("method \"" + method + "\" is not an HTTP method token");
                }
            }
            String upper = method.toUpperCase(java.util.Locale.ROOT);
            if (!upper.equals(method) && STANDARD_METHODS.contains(upper)) {
                throw new IllegalArgumentException("methods are case-sensitive: write \"" + upper + "\", not \""
                        + method + "\"");
            }
            return method;
        }
    }
}
