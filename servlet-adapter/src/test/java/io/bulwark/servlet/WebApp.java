package io.bulwark.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small web application for the tests, independent of the container that will serve it: servlets
 * with their mappings, the Bulwark filter on {@code /*} for every dispatcher type, context
 * attributes, error pages.
 */
final class WebApp {

    /** One servlet: a class for the container to instantiate, or an instance. */
    record ServletSpec(String name, Class<? extends Servlet> type, Servlet instance, List<String> patterns) {
    }

    final List<ServletSpec> servlets = new ArrayList<>();
    final Map<String, Object> attributes = new LinkedHashMap<>();
    final Map<Integer, String> errorPages = new LinkedHashMap<>();
    /** The context path: "" for the root context, else e.g. "/app". */
    String contextPath = "";
    /** The filter instance; {@code null} has the container instantiate {@link BulwarkFilter} itself. */
    Filter filter;

    /** Adds a servlet the container instantiates from its class. */
    WebApp servlet(Class<? extends Servlet> type, String... patterns) {
        servlets.add(new ServletSpec(type.getSimpleName(), type, null, List.of(patterns)));
        return this;
    }

    /** Adds a servlet instance. */
    WebApp servlet(String name, Servlet instance, String... patterns) {
        servlets.add(new ServletSpec(name, instance.getClass(), instance, List.of(patterns)));
        return this;
    }

    /** Registers this filter instance. */
    WebApp filter(Filter value) {
        this.filter = value;
        return this;
    }

    /** Has the container instantiate BulwarkFilter, configured from this context attribute value. */
    WebApp containerFilter(Object configuration) {
        this.filter = null;
        attributes.put(BulwarkFilter.CONTEXT_ATTRIBUTE, configuration);
        return this;
    }

    WebApp contextPath(String value) {
        this.contextPath = value;
        return this;
    }

    WebApp errorPage(int status, String location) {
        errorPages.put(status, location);
        return this;
    }
}
