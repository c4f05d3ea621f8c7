package io.bulwark.jaxrs.app;

import io.bulwark.annotation.RateLimited;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** A named limit Bulwark does not have: the deployment must fail. */
@Path("unknown-limit")
public class UnknownLimitResource {

    @GET
    @PermitAll
    @RateLimited(name = "no-such-limit")
    public String get() {
        return "never";
    }
}
