package io.bulwark.jaxrs;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Answers a {@link DeniedInputException} with the denial it carries. */
final class DeniedInputMapper implements ExceptionMapper<DeniedInputException> {

    @Override
    public Response toResponse(DeniedInputException exception) {
        return Denials.toResponse(exception.deny());
    }
}
