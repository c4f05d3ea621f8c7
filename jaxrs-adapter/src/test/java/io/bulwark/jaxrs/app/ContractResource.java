package io.bulwark.jaxrs.app;

import io.bulwark.annotation.Authenticated;
import io.bulwark.annotation.RateLimited;
import io.bulwark.annotation.RequiresScopes;
import io.bulwark.contract.ContractApp;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;

/** The contract app of the shared suite, as annotated Jakarta REST resources. */
@Path("contract")
@Produces(MediaType.TEXT_PLAIN)
public class ContractResource {

    @GET
    @Path("public")
    @PermitAll
    public String publicEndpoint() {
        return "public";
    }

    @GET
    @Path("me")
    @Authenticated
    public String me(@Context SecurityContext security) {
        return "subject=" + security.getUserPrincipal().getName() + " admin=" + security.isUserInRole("admin")
                + " scheme=" + security.getAuthenticationScheme();
    }

    @GET
    @Path("orders")
    @RequiresScopes("orders:read")
    public String orders() {
        return "orders";
    }

    @GET
    @Path("admin")
    @RolesAllowed("admin")
    public String admin() {
        return "admin";
    }

    @GET
    @Path("closed")
    @DenyAll
    public String closed() {
        return "closed";
    }

    @GET
    @Path("limited")
    @PermitAll
    @RateLimited(name = "contract-ip", requests = 3, period = "PT1M", key = RateLimited.Key.CLIENT_ADDRESS)
    public String limited() {
        return "limited";
    }

    @POST
    @Path("echo")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public String echo(InputStream body) throws IOException {
        return "bytes=" + body.readAllBytes().length;
    }

    @GET
    @Path("leak")
    @Authenticated
    public Response leak() {
        return Response.ok(ContractApp.LEAKED_OUTPUT).header("X-App", "leaked").build();
    }
}
