package io.bulwark.jaxrs.app;

import io.bulwark.RequestContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * Runs before anything else on every request and counts those whose thread still holds an earlier
 * request's context or MDC keys: what the application's own logs would wrongly show.
 */
@Provider
@PreMatching
public class StaleContextProbe implements ContainerRequestFilter {

    /** Requests that started with a stale context. */
    public static final AtomicInteger STALE = new AtomicInteger();
    /** Requests seen. */
    public static final AtomicInteger SEEN = new AtomicInteger();

    @Override
    public void filter(ContainerRequestContext request) {
        SEEN.incrementAndGet();
        if (RequestContext.current().isPresent() || MDC.get(RequestContext.MDC_REQUEST_ID) != null
                || MDC.get(RequestContext.MDC_SUBJECT) != null) {
            STALE.incrementAndGet();
        }
    }
}
