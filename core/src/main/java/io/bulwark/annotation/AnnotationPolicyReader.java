package io.bulwark.annotation;

import io.bulwark.EndpointPolicy;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
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
 * <pre>{@code
 * Optional<EndpointPolicy> policy = AnnotationPolicyReader.read(OrdersResource.class, method);
 * EndpointPolicy effective = policy.orElse(defaultPolicy);
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
