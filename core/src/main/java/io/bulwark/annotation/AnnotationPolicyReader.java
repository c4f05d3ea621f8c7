package io.bulwark.annotation;

import io.bulwark.EndpointPolicy;
import io.bulwark.ratelimit.EndpointLimit;
import io.bulwark.ratelimit.Quota;
import io.bulwark.ratelimit.RateLimit;
import io.bulwark.ratelimit.RateLimitKey;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns an endpoint's annotations into its {@link EndpointPolicy}: Bulwark's
 * {@link Authenticated} and {@link RequiresScopes}, and the standard {@link RolesAllowed},
 * {@link PermitAll} and {@link DenyAll}. Called once per endpoint at deployment (JAX-RS) or first
 * sight (Servlet), never per request.
 *
 * <p>Method over class: a method's access annotation ({@code @PermitAll}, {@code @DenyAll},
 * {@code @RolesAllowed}, {@code @Authenticated}) replaces the class's, and so does its
 * {@code @RequiresScopes}; a method's {@code @PermitAll} or {@code @DenyAll} also drops the class's
 * scopes. Contradictions fail at deployment with {@link IllegalStateException}: two access
 * annotations on one element, {@code @PermitAll} or {@code @DenyAll} with {@code @RequiresScopes}
 * on one element, an empty {@code @RolesAllowed} or {@code @RequiresScopes}.
 *
 * <p>{@link RateLimited} annotations are read by {@link #readRateLimits(Class, Method)};
 * {@link #policyOf(Class, Method, EndpointPolicy)} puts both together.
 *
 * <pre>{@code
 * EndpointPolicy policy = AnnotationPolicyReader.policyOf(OrdersResource.class, method, defaultPolicy);
 * }</pre>
 */
public final class AnnotationPolicyReader {

    private AnnotationPolicyReader() {
    }

    /**
     * Reads the policy of an endpoint method of a resource class.
     *
     * @param resourceClass the class the endpoint belongs to (its annotations apply unless the method's override them)
     * @param method the endpoint method
     * @return the policy, or empty when neither carries any of these annotations
     * @throws IllegalStateException if the annotations contradict each other
     */
    public static Optional<EndpointPolicy> read(Class<?> resourceClass, Method method) {
        Objects.requireNonNull(resourceClass, "resourceClass");
        Objects.requireNonNull(method, "method");
        Declared onClass = declared(resourceClass, resourceClass.getName());
        Declared onMethod = declared(method, resourceClass.getName() + "#" + method.getName());

        @Nullable Annotation access = onMethod.access != null ? onMethod.access : onClass.access;
        String[] scopes;
        if (onMethod.scopes != null) {
            scopes = onMethod.scopes.value();
        } else if (onMethod.access instanceof PermitAll || onMethod.access instanceof DenyAll) {
            scopes = new String[0];
        } else {
            scopes = onClass.scopes == null ? new String[0] : onClass.scopes.value();
        }
        if (access == null && scopes.length == 0) {
            return Optional.empty();
        }
        if (access instanceof DenyAll) {
            return Optional.of(EndpointPolicy.denyAll());
        }
        if (access instanceof PermitAll && scopes.length == 0) {
            return Optional.of(EndpointPolicy.permitAll());
        }
        EndpointPolicy.Builder policy = EndpointPolicy.builder().requireScopes(scopes);
        if (access instanceof RolesAllowed roles) {
            policy.rolesAllowed(roles.value());
        }
        return Optional.of(policy.build());
    }

    /**
     * The endpoint's whole policy: its access annotations (or {@code defaultPolicy} when it carries
     * none) with its rate limits.
     *
     * @param resourceClass the class the endpoint belongs to
     * @param method the endpoint method
     * @param defaultPolicy the policy of endpoints without access annotations
     * @return the policy
     * @throws IllegalStateException if the annotations contradict each other or are invalid
     */
    public static EndpointPolicy policyOf(Class<?> resourceClass, Method method, EndpointPolicy defaultPolicy) {
        Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        return read(resourceClass, method).orElse(defaultPolicy).withRateLimits(readRateLimits(resourceClass, method));
    }

    /**
     * Reads the {@link RateLimited} annotations of an endpoint: the class's first, then the
     * method's; a method limit with the name of a class limit replaces it.
     *
     * @param resourceClass the class the endpoint belongs to
     * @param method the endpoint method
     * @return the limits, in order; empty when there are none
     * @throws IllegalStateException if an annotation is invalid (bad period, zero or negative values)
     */
    public static List<EndpointLimit> readRateLimits(Class<?> resourceClass, Method method) {
        Objects.requireNonNull(resourceClass, "resourceClass");
        Objects.requireNonNull(method, "method");
        Map<String, EndpointLimit> limits = new LinkedHashMap<>();
        String classWhere = resourceClass.getName();
        String methodWhere = classWhere + "#" + method.getName();
        for (RateLimited annotation : resourceClass.getAnnotationsByType(RateLimited.class)) {
            put(limits, annotation, classWhere);
        }
        for (RateLimited annotation : method.getAnnotationsByType(RateLimited.class)) {
            put(limits, annotation, methodWhere);
        }
        return List.copyOf(limits.values());
    }

    private static void put(Map<String, EndpointLimit> limits, RateLimited annotation, String where) {
        EndpointLimit limit = toLimit(annotation, where);
        String name = limit.name().orElseGet(() -> limit.inline().orElseThrow().name());
        limits.remove(name);
        limits.put(name, limit);
    }

    private static EndpointLimit toLimit(RateLimited annotation, String where) {
        if (annotation.cost() < 0) {
            throw new IllegalStateException(where + ": @RateLimited cost must not be negative");
        }
        if (annotation.requests() == 0) {
            if (annotation.name().isEmpty()) {
                throw new IllegalStateException(where + ": @RateLimited needs the name of a configured limit, "
                        + "or requests and period for a limit of its own");
            }
            return annotation.cost() == 0 ? EndpointLimit.named(annotation.name())
                    : EndpointLimit.named(annotation.name(), annotation.cost());
        }
        if (annotation.requests() < 0) {
            throw new IllegalStateException(where + ": @RateLimited requests must be positive");
        }
        Duration period;
        try {
            period = Duration.parse(annotation.period());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(where + ": @RateLimited period \"" + annotation.period()
                    + "\" is not an ISO-8601 duration such as PT1M", e);
        }
        // Inline limits without a name get one of their own, so two endpoints never share buckets.
        String name = annotation.name().isEmpty()
                ? "endpoint-" + Integer.toHexString(where.hashCode() * 31 + annotation.key().ordinal())
                : annotation.name();
        try {
            return EndpointLimit.inline(RateLimit.builder(name)
                    .quota(Quota.of(annotation.requests(), period))
                    .key(keyOf(annotation))
                    .cost(annotation.cost() == 0 ? 1 : annotation.cost())
                    .build());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": invalid @RateLimited: " + e.getMessage(), e);
        }
    }

    private static RateLimitKey keyOf(RateLimited annotation) {
        return switch (annotation.key()) {
            case CLIENT_ADDRESS -> RateLimitKey.clientAddress();
            case SUBJECT -> RateLimitKey.subject();
            case API_KEY -> RateLimitKey.apiKey(annotation.apiKeyHeader());
            case ROUTE -> RateLimitKey.route();
        };
    }

    /** The access and scope annotations declared on one element. */
    private record Declared(@Nullable Annotation access, @Nullable RequiresScopes scopes) {
    }

    private static Declared declared(AnnotatedElement element, String where) {
        List<Annotation> access = new ArrayList<>(1);
        for (Class<? extends Annotation> type : List.of(PermitAll.class, DenyAll.class, RolesAllowed.class,
                Authenticated.class)) {
            Annotation found = element.getAnnotation(type);
            if (found != null) {
                access.add(found);
            }
        }
        if (access.size() > 1) {
            throw new IllegalStateException(where + " carries conflicting access annotations " + names(access)
                    + "; keep one");
        }
        RequiresScopes scopes = element.getAnnotation(RequiresScopes.class);
        @Nullable Annotation only = access.isEmpty() ? null : access.get(0);
        if (scopes != null && (only instanceof PermitAll || only instanceof DenyAll)) {
            throw new IllegalStateException(where + " carries @" + only.annotationType().getSimpleName()
                    + " and @RequiresScopes; they contradict each other");
        }
        if (scopes != null && scopes.value().length == 0) {
            throw new IllegalStateException(where + " carries an empty @RequiresScopes; name the scopes or remove it");
        }
        if (only instanceof RolesAllowed roles && roles.value().length == 0) {
            throw new IllegalStateException(where + " carries an empty @RolesAllowed; use @DenyAll to deny everyone");
        }
        return new Declared(only, scopes);
    }

    private static List<String> names(List<Annotation> annotations) {
        return annotations.stream().map(a -> "@" + a.annotationType().getSimpleName()).toList();
    }
}
