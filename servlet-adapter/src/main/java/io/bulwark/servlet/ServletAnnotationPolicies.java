package io.bulwark.servlet;

import io.bulwark.Bulwark;
import io.bulwark.EndpointPolicy;
import io.bulwark.annotation.AnnotationPolicyReader;
import jakarta.servlet.GenericServlet;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies servlets declare by annotations, read through the core's
 * {@link AnnotationPolicyReader} on the servlet's class and on the method that serves the request's
 * HTTP method, once per servlet (at filter start-up for the servlets registered by then, at first
 * sight for the others), and cached.
 *
 * <p>The method for an HTTP method: the most derived {@code doGet}, {@code doHead}, {@code doPost},
 * {@code doPut}, {@code doDelete}, {@code doOptions}, {@code doTrace} or {@code doPatch} (Servlet 6.1)
 * the servlet's own classes declare (HEAD falls back to {@code doGet}, which {@code HttpServlet} calls
 * for it); else an overridden {@code service}; else only the class's annotations apply. Unannotated,
 * an endpoint gets the default policy (its {@code @RateLimited} limits still apply).
 *
 * <p>The cache is bounded: its keys are servlet names (finite, registered by the application) times a
 * fixed set of method slots — any method outside the list shares one slot, so a client inventing
 * methods cannot grow it. Past {@link #MAX_SERVLETS} servlets per context, policies are read again on
 * each request rather than cached.
 */
final class ServletAnnotationPolicies {

    /** The most servlets per context whose policies are cached. */
    static final int MAX_SERVLETS = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ServletAnnotationPolicies.class);

    /** The method slots; OTHER is every method outside the list. */
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "OTHER"};
    private static final int OTHER = METHODS.length - 1;

    private final Bulwark bulwark;
    private final EndpointPolicy defaultPolicy;
    private final ConcurrentMap<ServletContext, ConcurrentMap<String, EndpointPolicy[]>> cache = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedFull = new AtomicBoolean();

    ServletAnnotationPolicies(Bulwark bulwark, EndpointPolicy defaultPolicy) {
        this.bulwark = bulwark;
        this.defaultPolicy = defaultPolicy;
    }

    /**
     * Reads and validates every servlet registered in a context, so that contradicting annotations
     * or unknown named limits fail when the application starts.
     *
     * @param context the servlet context
     * @return how many servlets were read
     * @throws IllegalStateException if a servlet's annotations contradict each other or name a limit
     *     Bulwark does not know
     */
    int preload(ServletContext context) {
        Map<String, ? extends ServletRegistration> registrations;
        try {
            registrations = context.getServletRegistrations();
        } catch (UnsupportedOperationException | IllegalStateException e) {
            return 0;
        }
        int read = 0;
        for (ServletRegistration registration : registrations.values()) {
            Class<?> type = load(context, registration.getClassName());
            if (type != null) {
                store(context, registration.getName(), policiesOf(type));
                read++;
            }
        }
        return read;
    }

    /**
     * The policy of a servlet for an HTTP method.
     *
     * @param context the request's servlet context
     * @param servletName the target servlet's name
     * @param method the request's HTTP method
     * @return the policy (the default one when the servlet cannot be found)
     */
    EndpointPolicy policy(ServletContext context, String servletName, String method) {
        int slot = slot(method);
        ConcurrentMap<String, EndpointPolicy[]> servlets = cache.get(context);
        EndpointPolicy[] policies = servlets == null ? null : servlets.get(servletName);
        if (policies == null) {
            policies = resolve(context, servletName);
            store(context, servletName, policies);
        }
        return policies[slot];
    }

    /** Forgets everything (the filter is being destroyed). */
    void clear() {
        cache.clear();
    }

    private void store(ServletContext context, String servletName, EndpointPolicy[] policies) {
        ConcurrentMap<String, EndpointPolicy[]> servlets = cache.computeIfAbsent(context, c -> new ConcurrentHashMap<>());
        if (servlets.size() < MAX_SERVLETS || servlets.containsKey(servletName)) {
            servlets.put(servletName, policies);
        } else if (warnedFull.compareAndSet(false, true)) {
            LOG.atWarn().addKeyValue("max", MAX_SERVLETS)
                    .log("More servlets than BulwarkFilter caches policies for; the rest are read on each request");
        }
    }

    private EndpointPolicy[] resolve(ServletContext context, String servletName) {
        ServletRegistration registration = context.getServletRegistration(servletName);
        Class<?> type = registration == null ? null : load(context, registration.getClassName());
        if (type == null) {
            EndpointPolicy[] defaults = new EndpointPolicy[METHODS.length];
            java.util.Arrays.fill(defaults, defaultPolicy);
            return defaults;
        }
        return policiesOf(type);
    }

    /** The policy of each method slot of a servlet class, validated against Bulwark's configuration. */
    EndpointPolicy[] policiesOf(Class<?> servletClass) {
        EndpointPolicy[] policies = new EndpointPolicy[METHODS.length];
        for (int slot = 0; slot < METHODS.length; slot++) {
            Method method = endpointMethod(servletClass, METHODS[slot]);
            policies[slot] = bulwark.validate(AnnotationPolicyReader.policyOf(servletClass, method, defaultPolicy));
        }
        return policies;
    }

    /** The method whose annotations apply to an HTTP method, as described in the class comment. */
    static Method endpointMethod(Class<?> servletClass, String httpMethod) {
        String name = switch (httpMethod) {
            case "GET" -> "doGet";
            case "HEAD" -> "doHead";
            case "POST" -> "doPost";
            case "PUT" -> "doPut";
            case "DELETE" -> "doDelete";
            case "OPTIONS" -> "doOptions";
            case "TRACE" -> "doTrace";
            case "PATCH" -> "doPatch";
            default -> null;
        };
        Method found = null;
        if (name != null) {
            found = declared(servletClass, name, HttpServletRequest.class, HttpServletResponse.class);
            if (found == null && httpMethod.equals("HEAD")) {
                found = declared(servletClass, "doGet", HttpServletRequest.class, HttpServletResponse.class);
            }
        }
        if (found == null) {
            found = declared(servletClass, "service", HttpServletRequest.class, HttpServletResponse.class);
        }
        if (found == null) {
            found = declared(servletClass, "service", ServletRequest.class, ServletResponse.class);
        }
        if (found == null) {
            // Nothing of the application's serves it: only the class's annotations count.
            try {
                found = Servlet.class.getMethod("service", ServletRequest.class, ServletResponse.class);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("jakarta.servlet.Servlet without service()", e);
            }
        }
        return found;
    }

    /** A method declared by the servlet's own classes (below HttpServlet and GenericServlet). */
    private static @Nullable Method declared(Class<?> type, String name, Class<?>... parameters) {
        for (Class<?> c = type; c != null && c != HttpServlet.class && c != GenericServlet.class && c != Object.class;
                c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(name, parameters);
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        return null;
    }

    private static int slot(String method) {
        for (int i = 0; i < OTHER; i++) {
            if (METHODS[i].equals(method)) {
                return i;
            }
        }
        return OTHER;
    }

    private static @Nullable Class<?> load(ServletContext context, @Nullable String className) {
        if (className == null || className.isEmpty()) {
            return null;
        }
        ClassLoader loader = null;
        try {
            loader = context.getClassLoader();
        } catch (SecurityException | UnsupportedOperationException e) {
            // fall through to the thread's loader
        }
        if (loader == null) {
            loader = Thread.currentThread().getContextClassLoader();
        }
        if (loader == null) {
            loader = ServletAnnotationPolicies.class.getClassLoader();
        }
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.atWarn().addKeyValue("servletClass", className)
                    .log("Servlet class not loadable to read its annotations; its endpoints get the default policy");
            return null;
        }
    }
}
