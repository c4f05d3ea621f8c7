package io.bulwark.jaxrs.app;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Two access annotations on one method: the deployment must fail. */
@Path("conflict")
public class ConflictingResource {

    @GET
    @PermitAll
    @RolesAllowed("admin")
    public String get() {
        return "never";
    }
}
