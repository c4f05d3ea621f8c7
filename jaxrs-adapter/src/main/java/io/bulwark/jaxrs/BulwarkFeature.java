package io.bulwark.jaxrs;

import io.bulwark.Bulwark;
import io.bulwark.EndpointPolicy;
import io.bulwark.annotation.AnnotationPolicyReader;
import io.bulwark.validation.InputSanitizer;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts Bulwark in front of every resource method of a Jakarta REST application, in one line:
 *
 * <pre>{@code
 * public class OrdersApplication extends ResourceConfig {          // or an Application's getSingletons()
 *     public OrdersApplication(Bulwark bulwark) {
 *         register(new BulwarkFeature(bulwark));
 *         register(OrdersResource.class);
 *     }
 * }
 *
 * @Path("orders")
 * @RequiresScopes("orders:read")
 * public class OrdersResource {
 *     @GET public List<Order> list(@Context SecurityContext security) { ... BulwarkPrincipal.require(security) ... }
 *     @POST @RolesAllowed("clerk") public Order create(@Valid NewOrder order) { ... }
 *     @GET @Path("health") @PermitAll public String health() { return "ok"; }
 * }
 * }</pre>
 *
 * <p><b>At deployment</b> (as a {@link DynamicFeature}) it reads each resource method's annotations —
 * Bulwark's {@code @Authenticated}, {@code @RequiresScopes}, {@code @RateLimited} and the standard
 * {@code @RolesAllowed}, {@code @PermitAll}, {@code @DenyAll}, the method's over the class's —
 * through {@link AnnotationPolicyReader}, validates the policy with {@link Bulwark#validate}, and binds
 * a request filter at {@link Priorities#AUTHENTICATION} that carries it. Contradicting annotations
 * or an unknown named limit fail the deployment. A method without access annotations gets the
 * {@linkplain Builder#defaultPolicy default policy} ({@link EndpointPolicy#authenticated()} unless
 * configured; {@link EndpointPolicy#denyAll()} for deny-by-default). The methods of sub-resources
 * returned by locators are bound the same way, by their own class's and method's annotations (a
 * locator's annotations do not pass to them), when the runtime first builds them.
 *
 * <p><b>Per request</b> the filter asks {@link Bulwark#check}. A denial aborts the request with the
 * core's status, headers and {@code application/problem+json} body. An admitted request with a
 * verified token gets a {@link jakarta.ws.rs.core.SecurityContext} whose principal is the
 * {@link io.bulwark.token.VerifiedToken} ({@link BulwarkPrincipal} reads it without casts), whose
 * roles are the token's, and whose scheme is {@code Bearer}; the decision's headers (RateLimit,
 * security headers) are added to the response unless the application set them itself.
 *
 * <p><b>Bodies</b>: a {@code Content-Length} over {@link Bulwark#inputLimits()} is refused with 413
 * before reading; any other body is read through a limit, and going past it answers 413 too. A body
 * the entity provider cannot read (malformed JSON, a wrong type) answers the core's fixed 400,
 * never the parser's message; a failed Bean Validation ({@code @Valid} entities, constrained
 * parameters — the runtime's Bean Validation integration throws it) answers 400 with
 * {@code errors[]}. Entities are sanitized by their {@code @Sanitize} members before the resource
 * sees them. Register no other mapper for {@code ConstraintViolationException}.
 *
 * <p><b>The client's address</b> has no standard Jakarta REST API: see {@link RemoteAddressProvider}
 * for the line of glue each runtime needs. Tested on Jersey 3.1 and RESTEasy 6.2 (Jakarta REST 3.1,
 * EE 10) and on Jersey 4.0 (Jakarta REST 4.0, EE 11).
 *
 * <p>Register it as an instance; it is both a {@link Feature} (the exception mappers and the
 * response filter) and a {@link DynamicFeature} (the per-method request filter and entity
 * interceptor). Thread-safe.
 */
public final class BulwarkFeature implements Feature, DynamicFeature {

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkFeature.class);

    private final Bulwark bulwark;
    private final EndpointPolicy defaultPolicy;
    private final ClientAddresses addresses;
    private final InputSanitizer sanitizer;

    /**
     * The feature with the defaults: unannotated methods need a valid token, the client's address
     * comes from {@link RemoteAddressProvider#fromProperty()}, entities are sanitized by
     * {@link InputSanitizer#standard()}.
     *
     * @param bulwark the configured core
     */
    public BulwarkFeature(Bulwark bulwark) {
        this(builder(bulwark));
    }

    private BulwarkFeature(Builder builder) {
        this.bulwark = builder.bulwark;
        this.defaultPolicy = builder.bulwark.validate(builder.defaultPolicy);
        this.addresses = new ClientAddresses(builder.remoteAddress);
        this.sanitizer = builder.sanitizer;
    }

    /**
     * A builder, for a default policy, a client-address provider or a sanitizer of your own.
     *
     * <pre>{@code
     * register(BulwarkFeature.builder(bulwark)
     *         .defaultPolicy(EndpointPolicy.denyAll())       // unannotated methods answer 403
     *         .remoteAddress(RemoteAddressProvider.fromProperty("client.ip"))
     *         .build());
     * }</pre>
     *
     * @param bulwark the configured core
     * @return a new builder
     */
    public static Builder builder(Bulwark bulwark) {
        return new Builder(bulwark);
    }

    /**
     * The policy of resource methods without access annotations.
     *
     * @return the default policy
     */
    public EndpointPolicy defaultPolicy() {
        return defaultPolicy;
    }

    /**
     * Registers the exception mappers that answer invalid, unreadable and oversized bodies, and the
     * response filter that adds an admitting decision's headers.
     *
     * @param context the runtime's configuration
     * @return {@code true}: the feature is enabled
     */
    @Override
    public boolean configure(FeatureContext context) {
        context.register(new ConstraintViolationMapper(bulwark));
        context.register(new BodyTooLargeMapper(bulwark));
        context.register(new DeniedInputMapper());
        // Bound globally rather than per method: a runtime merges per-method filters with the global
        // ones on every request (Jersey does), and this one only acts where the request filter ran.
        context.register(new BulwarkResponseFilter(), Priorities.HEADER_DECORATOR);
        return true;
    }

    /**
     * Binds Bulwark's request filter to one resource method, with the policy its annotations give,
     * and, to a method with an entity parameter, the entity interceptor. Sub-resource locators are
     * skipped: the methods of what they return are bound themselves.
     *
     * @param resourceInfo the resource method
     * @param context where to bind
     * @throws IllegalStateException when the method's annotations contradict each other or name a
     *         rate limit Bulwark does not have
     * @throws IllegalArgumentException when the entity type carries {@code @Sanitize} where it cannot
     *         be honoured
     */
    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Class<?> type = resourceInfo.getResourceClass();
        Method method = resourceInfo.getResourceMethod();
        if (type == null || method == null) {
            return;
        }
        String httpMethod = httpMethodOf(type, method);
        if (httpMethod == null) {
            return; // a sub-resource locator
        }
        EndpointPolicy policy = AnnotationPolicyReader.policyOf(type, method, defaultPolicy);
        try {
            bulwark.validate(policy);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Bulwark cannot protect " + type.getName() + "#" + method.getName()
                    + ": " + e.getMessage(), e);
        }
        String route = routeOf(httpMethod, type, method);
        context.register(new BulwarkRequestFilter(bulwark, policy, route, addresses, isAsynchronous(method)),
                Priorities.AUTHENTICATION);
        Class<?> entityType = entityTypeOf(method);
        if (entityType != null) {
            InputSanitizer entitySanitizer = null;
            if (isApplicationType(entityType)) {
                sanitizer.prepare(entityType); // a misplaced @Sanitize fails the deployment
                entitySanitizer = sanitizer;
            }
            context.register(new EntityInterceptor(bulwark, entitySanitizer), Priorities.AUTHENTICATION);
        }
        LOG.atDebug().addKeyValue("route", route).addKeyValue("policy", policy).log("Bulwark bound");
    }

    /**
     * Whether the method answers from another thread ({@code @Suspended AsyncResponse}, or a
     * {@code CompletionStage}): then the thread that ran the request filters goes back to the pool
     * before any response filter runs.
     */
    static boolean isAsynchronous(Method method) {
        if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
            return true;
        }
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation annotation : annotations) {
                if (annotation.annotationType() == Suspended.class) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The HTTP method of a resource method, looked up its overridden declarations too; null for a locator. */
    static @Nullable String httpMethodOf(Class<?> type, Method method) {
        String found = designator(method);
        if (found != null) {
            return found;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            found = designatorIn(c, method);
            if (found != null) {
                return found;
            }
            for (Class<?> face : c.getInterfaces()) {
                found = designatorIn(face, method);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static @Nullable String designatorIn(Class<?> owner, Method method) {
        try {
            return designator(owner.getDeclaredMethod(method.getName(), method.getParameterTypes()));
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static @Nullable String designator(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod designator = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (designator != null) {
                return designator.value();
            }
        }
        return null;
    }

    /** The route key of rate limits keyed by route: {@code GET /orders/{id}}. */
    static String routeOf(String httpMethod, Class<?> type, Method method) {
        Path onClass = type.getAnnotation(Path.class);
        Path onMethod = method.getAnnotation(Path.class);
        StringBuilder route = new StringBuilder(httpMethod).append(' ');
        if (onClass == null) {
            route.append(type.getSimpleName()).append(':'); // a sub-resource: its locator's path is not known here
        }
        appendSegment(route, onClass);
        appendSegment(route, onMethod);
        if (route.charAt(route.length() - 1) == ' ' || route.charAt(route.length() - 1) == ':') {
            route.append('/');
        }
        return route.toString();
    }

    private static void appendSegment(StringBuilder route, @Nullable Path path) {
        if (path == null) {
            return;
        }
        String value = path.value();
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '/') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '/') {
            end--;
        }
        if (start < end) {
            route.append('/').append(value, start, end);
        }
    }

    /** The type of the entity parameter: the one parameter without a Jakarta REST annotation. */
    static @Nullable Class<?> entityTypeOf(Method method) {
        Annotation[][] annotations = method.getParameterAnnotations();
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            boolean injected = false;
            for (Annotation annotation : annotations[i]) {
                if (annotation.annotationType().getPackageName().startsWith("jakarta.ws.rs")) {
                    injected = true;
                    break;
                }
            }
            if (!injected) {
                return types[i];
            }
        }
        return null;
    }

    /** Whether a type can carry {@code @Sanitize} members: the application's own classes, not the platform's. */
    private static boolean isApplicationType(Class<?> type) {
        String name = type.getName();
        return !type.isPrimitive() && !type.isArray() && !type.isEnum() && !type.isInterface()
                && !name.startsWith("java.") && !name.startsWith("javax.") && !name.startsWith("jakarta.");
    }

    @Override
    public String toString() {
        return "BulwarkFeature[" + bulwark + ", default=" + defaultPolicy + "]";
    }

    /** Builds a {@link BulwarkFeature}. Not thread-safe; build once. */
    public static final class Builder {

        private final Bulwark bulwark;
        private EndpointPolicy defaultPolicy = EndpointPolicy.authenticated();
        private RemoteAddressProvider remoteAddress = RemoteAddressProvider.fromProperty();
        private InputSanitizer sanitizer = InputSanitizer.standard();

        private Builder(Bulwark bulwark) {
            this.bulwark = Objects.requireNonNull(bulwark, "bulwark");
        }

        /**
         * The policy of resource methods without access annotations. Default:
         * {@link EndpointPolicy#authenticated()}; {@link EndpointPolicy#denyAll()} denies them all.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder defaultPolicy(EndpointPolicy policy) {
            this.defaultPolicy = Objects.requireNonNull(policy, "defaultPolicy");
            return this;
        }

        /**
         * Where the address of the connecting peer comes from. Default:
         * {@link RemoteAddressProvider#fromProperty()}.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder remoteAddress(RemoteAddressProvider provider) {
            this.remoteAddress = Objects.requireNonNull(provider, "remoteAddress");
            return this;
        }

        /**
         * The sanitizer of entities' {@code @Sanitize} members. Default: {@link InputSanitizer#standard()}.
         *
         * @param value the sanitizer
         * @return this builder
         */
        public Builder sanitizer(InputSanitizer value) {
            this.sanitizer = Objects.requireNonNull(value, "sanitizer");
            return this;
        }

        /**
         * Builds the feature.
         *
         * @return the feature, to register with the application
         * @throws IllegalStateException when the default policy names a rate limit Bulwark does not have
         */
        public BulwarkFeature build() {
            return new BulwarkFeature(this);
        }
    }
}
