package io.bulwark.servlet;

import io.bulwark.EndpointPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The route rules of a {@link BulwarkFilter}, compiled once and ordered by specificity, so that a
 * request is matched without a regular expression or an allocation.
 *
 * <p>The most specific matching rule wins: first by path ({@link RoutePattern#compareSpecificity}:
 * exact, then longer literal prefix, then more literal segments, then fewer wildcards, then fewer
 * {@code **}); at equal path specificity a rule naming the request's method beats an any-method
 * rule; then the rule declared first.
 */
final class RouteTable {

    /** A table without rules. */
    static final RouteTable EMPTY = new RouteTable(List.of());

    /**
     * One rule.
     *
     * @param method the HTTP method, or {@code null} for any
     * @param pattern the path pattern
     * @param policy the endpoint's policy
     * @param order the declaration order
     */
    record Rule(@Nullable String method, RoutePattern pattern, EndpointPolicy policy, int order,
            @Nullable String route) {

        /**
         * A rule; the route of a rule for one method is made here once, not on every request.
         *
         * @param method the HTTP method, or {@code null} for any
         * @param pattern the path pattern
         * @param policy the policy of matching requests
         * @param order the rule's position among those added
         */
        Rule(@Nullable String method, RoutePattern pattern, EndpointPolicy policy, int order) {
            this(method, pattern, policy, order, method == null ? null : method + " " + pattern.text());
        }

        /** The route of a request this rule matches, e.g. {@code GET /api/orders/*}. */
        String routeFor(String requestMethod) {
            return route != null ? route : requestMethod + " " + pattern.text();
        }

        boolean appliesTo(String requestMethod) {
            // RFC 9110 §9.1: the method token is case-sensitive, as HttpServlet's dispatch is.
            return method == null || method.equals(requestMethod);
        }

        /** The rule as written, e.g. {@code GET /api/orders/*} or {@code * /api/**}. */
        @Override
        public String toString() {
            return (method == null ? "*" : method) + " " + pattern.text();
        }
    }

    private static final Comparator<Rule> SPECIFICITY = (a, b) -> {
        int byPath = a.pattern().compareSpecificity(b.pattern());
        if (byPath != 0) {
            return byPath;
        }
        if ((a.method() == null) != (b.method() == null)) {
            return a.method() != null ? -1 : 1;
        }
        return Integer.compare(a.order(), b.order());
    };

    private final Map<String, Rule[]> exact;
    private final Rule[] wildcard;
    private final int size;

    private RouteTable(List<Rule> rules) {
        Map<String, List<Rule>> byPath = new HashMap<>();
        List<Rule> wild = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.pattern().isExact()) {
                byPath.computeIfAbsent(rule.pattern().text(), p -> new ArrayList<>()).add(rule);
            } else {
                wild.add(rule);
            }
        }
        Map<String, Rule[]> exactRules = new HashMap<>();
        byPath.forEach((path, list) -> {
            list.sort(SPECIFICITY);
            exactRules.put(path, list.toArray(new Rule[0]));
        });
        wild.sort(SPECIFICITY);
        this.exact = Map.copyOf(exactRules);
        this.wildcard = wild.toArray(new Rule[0]);
        this.size = rules.size();
    }

    /**
     * Compiles rules.
     *
     * @param rules the rules, in declaration order
     * @return the table
     * @throws IllegalArgumentException if two rules have the same method and pattern
     */
    static RouteTable of(List<Rule> rules) {
        Set<String> seen = new HashSet<>();
        for (Rule rule : rules) {
            if (!seen.add(rule.toString())) {
                throw new IllegalArgumentException("route " + rule + " is declared twice; keep one");
            }
        }
        return rules.isEmpty() ? EMPTY : new RouteTable(List.copyOf(rules));
    }

    /** Whether there are no rules. */
    boolean isEmpty() {
        return size == 0;
    }

    /** How many rules there are. */
    int size() {
        return size;
    }

    /**
     * The most specific rule matching a request.
     *
     * @param method the request's method
     * @param path the normalized path within the application
     * @return the rule, or {@code null} when none matches
     */
    @Nullable Rule match(String method, String path) {
        Objects.requireNonNull(method, "method");
        if (size == 0) {
            return null;
        }
        Rule[] exactRules = exact.get(path);
        if (exactRules != null) {
            for (Rule rule : exactRules) {
                if (rule.appliesTo(method)) {
                    return rule;
                }
            }
        }
        for (Rule rule : wildcard) {
            if (rule.appliesTo(method) && rule.pattern().matches(path)) {
                return rule;
            }
        }
        return null;
    }
}
