package io.bulwark.jaxrs.app;

import io.bulwark.annotation.RequiresScopes;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A resource whose {@code items} are served by a sub-resource locator. */
@Path("shelf")
@PermitAll
public class LocatorResource {

    /** The locator: its {@code @PermitAll} (from the class) does not pass to what it returns. */
    @Path("items")
    public Items items() {
        return new Items("shelf");
    }

    /** A sub-resource locator taking a path parameter, returning a class of its own. */
    @Path("boxes/{box}")
    public Items box(@PathParam("box") String box) {
        return new Items("box-" + box);
    }

    /** The sub-resource: bound by its own annotations. */
    @Produces(MediaType.TEXT_PLAIN)
    public static class Items {
        private final String owner;

        public Items(String owner) {
            this.owner = owner;
        }

        @GET
        @RequiresScopes("items:read")
        public String list() {
            return owner + ":items";
        }

        @GET
        @Path("public")
        @PermitAll
        public String publicItem() {
            return owner + ":public";
        }

        /** No annotation here or on the class: the default policy. */
        @GET
        @Path("bare")
        public String bare() {
            return owner + ":bare";
        }
    }
}
