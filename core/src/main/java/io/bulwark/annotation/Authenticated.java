package io.bulwark.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Any caller with a valid token may call the endpoint (no scope or role needed). On a method it
 * overrides the class's access annotation.
 *
 * <pre>{@code
 * @GET @Path("/me") @Authenticated
 * public Me me(@Context SecurityContext security) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Authenticated {
}
