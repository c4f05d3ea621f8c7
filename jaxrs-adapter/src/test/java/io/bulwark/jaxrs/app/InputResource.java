package io.bulwark.jaxrs.app;

import io.bulwark.sanitize.HtmlPolicy;
import io.bulwark.validation.Sanitize;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** JSON entities: validation, unreadable bodies, sanitizing, body limits. */
@Path("input")
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.TEXT_PLAIN)
public class InputResource {

    /** A validated entity. */
    public record NewItem(@NotBlank @Size(max = 8) String name, @Min(1) int quantity) {
    }

    /** A record with sanitized members, rebuilt as a clean copy. */
    public record Comment(@Sanitize(policy = HtmlPolicy.BASIC) String html, @Sanitize(policy = HtmlPolicy.TEXT) String title,
            String untouched) {
    }

    /** A mutable class with a sanitized field, cleaned in place, and validated after sanitizing. */
    public static class Note {
        @Sanitize(policy = HtmlPolicy.TEXT)
        @NotBlank
        private String text;

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }
    }

    @POST
    @Path("items")
    public String create(@Valid NewItem item) {
        return "name=" + item.name() + " quantity=" + item.quantity();
    }

    @POST
    @Path("comments")
    public String comment(Comment comment) {
        return "html=" + comment.html() + "|title=" + comment.title() + "|untouched=" + comment.untouched();
    }

    @POST
    @Path("notes")
    public String note(@Valid Note note) {
        return "text=" + note.getText();
    }

    @GET
    @Path("search")
    public String search(@QueryParam("q") @Size(max = 5) String q) {
        return "q=" + q;
    }
}
