package io.bulwark.jaxrs.app;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** No access annotation anywhere: the feature's default policy decides. */
@Path("plain")
@Produces(MediaType.TEXT_PLAIN)
public class UnannotatedResource {

    @GET
    public String get() {
        return "plain";
    }
}
