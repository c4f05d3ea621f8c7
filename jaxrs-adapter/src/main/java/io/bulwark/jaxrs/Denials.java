package io.bulwark.jaxrs;

import io.bulwark.Decision;
import io.bulwark.http.ProblemDetails;
import jakarta.ws.rs.core.Response;

/** Writes the core's denials as Jakarta REST responses: status, every header, the problem body. */
final class Denials {

    private Denials() {
    }

    /**
     * The response of a denial.
     *
     * @param deny what the core decided
     * @return a new response (responses are mutable, so none is shared)
     */
    static Response toResponse(Decision.Deny deny) {
        Response.ResponseBuilder response = Response.status(deny.status())
                .type(ProblemDetails.MEDIA_TYPE)
                .entity(deny.body());
        deny.headers().forEach(response::header);
        return response.build();
    }
}
