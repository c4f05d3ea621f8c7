package io.bulwark.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rate limit on an endpoint: either a limit configured on the {@code RateLimiter}, by
 * {@link #name()}, or one of the endpoint's own, given by {@link #requests()} per
 * {@link #period()} and {@link #key()}. Repeatable; on a class it applies to every endpoint of the
 * class, and a method's limits come after the class's (a method limit with the name of a class
 * limit replaces it).
 *
 * <pre>{@code
 * @RateLimited(name = "per-user")                                    // a configured limit
 * @RateLimited(name = "per-user", cost = 10)                         // an expensive endpoint
 * @RateLimited(requests = 5, period = "PT1S", key = RateLimited.Key.CLIENT_ADDRESS)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(RateLimited.List.class)
public @interface RateLimited {

    /** How an inline limit groups requests. */
    enum Key {
        /** Per client address, before authentication. */
        CLIENT_ADDRESS,
        /** Per token subject, after authentication. */
        SUBJECT,
        /** Per API key (header {@link #apiKeyHeader()}), stored hashed. */
        API_KEY,
        /** Per endpoint, whoever calls. */
        ROUTE
    }

    /**
     * With {@link #requests()} 0: the name of a configured limit. With requests: this inline
     * limit's name in {@code RateLimit-Policy} (default: a name derived from the endpoint).
     */
    String name() default "";

    /** Inline: requests per period; 0 (the default) refers to the configured limit {@link #name()}. */
    long requests() default 0;

    /** Inline: the period, an ISO-8601 duration (default one minute). */
    String period() default "PT1M";

    /** Inline: how requests are grouped (default per client address). */
    Key key() default Key.CLIENT_ADDRESS;

    /** Inline, with {@link Key#API_KEY}: the header carrying the API key. */
    String apiKeyHeader() default "X-API-Key";

    /** Tokens one request takes; 0 (the default) means the limit's own cost (1 for inline limits). */
    long cost() default 0;

    /** The container of repeated {@link RateLimited} annotations. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @interface List {
        /** The limits. */
        RateLimited[] value();
    }
}
