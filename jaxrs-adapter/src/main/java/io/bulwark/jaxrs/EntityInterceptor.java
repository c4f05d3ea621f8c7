package io.bulwark.jaxrs;

import io.bulwark.Bulwark;
import io.bulwark.validation.BodyTooLargeException;
import io.bulwark.validation.InputSanitizer;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Wraps the reading of one resource method's entity: sanitizes its {@code @Sanitize} members
 * before the resource (or Bean Validation) sees it, and turns a failed read into the core's answer
 * — 413 past the body limit, 400 for a body the provider cannot read — whatever the provider and
 * runtime threw, and whatever it would have echoed.
 */
final class EntityInterceptor implements ReaderInterceptor {

    private final Bulwark bulwark;
    private final @Nullable InputSanitizer sanitizer;

    /**
     * @param bulwark the core
     * @param sanitizer the sanitizer, or {@code null} when the entity type cannot carry {@code @Sanitize}
     */
    EntityInterceptor(Bulwark bulwark, @Nullable InputSanitizer sanitizer) {
        this.bulwark = bulwark;
        this.sanitizer = sanitizer;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object entity;
        try {
            entity = context.proceed();
        } catch (IOException | RuntimeException e) {
            DeniedInputException denied = denialOf(e);
            if (denied != null) {
                throw denied;
            }
            throw e;
        }
        if (sanitizer != null && entity != null) {
            entity = sanitizer.sanitize(entity);
        }
        return entity;
    }

    /** The denial to throw instead of a reader's failure; null when the failure is not the body's fault. */
    private @Nullable DeniedInputException denialOf(Exception failure) {
        if (failure instanceof DeniedInputException denied) {
            return denied;
        }
        if (BodyTooLargeException.findIn(failure).isPresent()) {
            return new DeniedInputException(bulwark.bodyTooLarge());
        }
        if (failure instanceof WebApplicationException web) {
            // A 400 of the provider's own may carry its parser's message; other statuses (415) stand.
            return web.getResponse() != null && web.getResponse().getStatus() == 400
                    ? new DeniedInputException(bulwark.unreadableInput()) : null;
        }
        if (hasIoCause(failure) || (failure instanceof ProcessingException && failure.getCause() != null)) {
            // Jackson's parse and mapping errors are IOExceptions; JSON-B providers wrap theirs in a
            // ProcessingException; runtimes may wrap either once more.
            return new DeniedInputException(bulwark.unreadableInput());
        }
        return null;
    }

    private static boolean hasIoCause(Throwable failure) {
        int hops = 0;
        for (Throwable t = failure; t != null && hops < 32; t = t.getCause(), hops++) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
