package io.bulwark.jaxrs;

import io.bulwark.Bulwark;
import io.bulwark.validation.BodyTooLargeException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Answers 413 when a resource reading the request body itself (an {@code InputStream} parameter)
 * went past the body limit and let the {@link BodyTooLargeException} out.
 */
final class BodyTooLargeMapper implements ExceptionMapper<BodyTooLargeException> {

    private final Bulwark bulwark;

    BodyTooLargeMapper(Bulwark bulwark) {
        this.bulwark = bulwark;
    }

    @Override
    public Response toResponse(BodyTooLargeException exception) {
        return Denials.toResponse(bulwark.bodyTooLarge());
    }
}
