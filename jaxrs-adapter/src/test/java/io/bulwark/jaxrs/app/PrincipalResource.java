package io.bulwark.jaxrs.app;

import io.bulwark.RequestContext;
import io.bulwark.annotation.Authenticated;
import io.bulwark.jaxrs.BulwarkPrincipal;
import io.bulwark.token.VerifiedToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.TreeSet;
import org.slf4j.MDC;

/** The verified token, without casts, and the roles as the container's API reports them. */
@Path("principal")
@Produces(MediaType.TEXT_PLAIN)
@Authenticated
public class PrincipalResource {

    @GET
    public String principal(@Context SecurityContext security) {
        VerifiedToken token = BulwarkPrincipal.require(security);
        return "subject=" + token.subject() + " scopes=" + new TreeSet<>(token.scopes())
                + " auditor=" + security.isUserInRole("auditor") + " admin=" + security.isUserInRole("admin")
                + " principal-is-token=" + (security.getUserPrincipal() == token)
                + " scheme=" + security.getAuthenticationScheme();
    }

    /** What the application's own log lines would carry: the request's id and subject from the MDC. */
    @GET
    @Path("mdc")
    public String mdc() {
        return MDC.get(RequestContext.MDC_REQUEST_ID) + " " + MDC.get(RequestContext.MDC_SUBJECT) + " "
                + RequestContext.current().map(RequestContext::clientAddress).orElse("none");
    }
}
