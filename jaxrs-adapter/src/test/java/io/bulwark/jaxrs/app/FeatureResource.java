package io.bulwark.jaxrs.app;

import io.bulwark.annotation.RequiresScopes;
import io.bulwark.jaxrs.BulwarkPrincipal;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** Annotation precedence: the method's annotations over the class's. */
@Path("feature")
@Produces(MediaType.TEXT_PLAIN)
@RolesAllowed("admin")
public class FeatureResource {

    /** The class's {@code @RolesAllowed("admin")} applies. */
    @GET
    @Path("class-role")
    public String classRole() {
        return "class-role";
    }

    /** The method's {@code @PermitAll} replaces the class's role. */
    @GET
    @Path("method-permit")
    @PermitAll
    public String methodPermit(@Context SecurityContext security) {
        return "anonymous=" + BulwarkPrincipal.of(security).isEmpty();
    }

    /** The method's {@code @RolesAllowed("auditor")} replaces the class's {@code admin}. */
    @GET
    @Path("method-role")
    @RolesAllowed("auditor")
    public String methodRole() {
        return "method-role";
    }

    /** The method's {@code @RequiresScopes} adds to the class's role. */
    @GET
    @Path("role-and-scope")
    @RequiresScopes("reports:read")
    public String roleAndScope() {
        return "role-and-scope";
    }

    /** Sets a header Bulwark would add: the application's own value stands. */
    @GET
    @Path("own-header")
    @PermitAll
    public Response ownHeader() {
        return Response.ok("own").header("Content-Security-Policy", "sandbox").build();
    }
}
