package io.bulwark.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller's token must carry every one of these scopes (implies {@link Authenticated}). A
 * method's annotation replaces its class's. A token without them is answered 403 with an
 * RFC 6750 {@code insufficient_scope} challenge.
 *
 * <pre>{@code
 * @POST @Path("/orders") @RequiresScopes("orders:write")
 * public Response create(Order order) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScopes {

    /** The scopes, all required. */
    String[] value();
}
