package io.bulwark.servlet;

import io.bulwark.token.VerifiedToken;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import org.jspecify.annotations.Nullable;

/**
 * The request an allowed call hands to the application: the verified token is the user principal
 * ({@code getUserPrincipal()}, {@code getRemoteUser()}, {@code isUserInRole()}, auth type
 * {@code Bearer}), and the body is read through the limit. Without a token the container's own
 * answers stand.
 */
final class BulwarkRequest extends HttpServletRequestWrapper {

    /** The auth type of a request authenticated by a bearer token (RFC 6750). */
    static final String BEARER = "Bearer";

    private final ServletResponse response;
    private final Evaluation evaluation;
    private final @Nullable VerifiedToken principal;
    private boolean usingStream;
    private boolean usingReader;
    private @Nullable BufferedReader reader;

    BulwarkRequest(HttpServletRequest request, ServletResponse response, Evaluation evaluation) {
        super(request);
        this.response = response;
        this.evaluation = evaluation;
        this.principal = evaluation.principal();
    }

    @Override
    public @Nullable Principal getUserPrincipal() {
        return principal != null ? principal : super.getUserPrincipal();
    }

    @Override
    public @Nullable String getRemoteUser() {
        return principal != null ? principal.getName() : super.getRemoteUser();
    }

    @Override
    public @Nullable String getAuthType() {
        return principal != null ? BEARER : super.getAuthType();
    }

    /**
     * Whether the token carries the role; {@code **} (Servlet 6.0 §13.3: any authenticated user) holds
     * for every verified token.
     */
    @Override
    public boolean isUserInRole(String role) {
        if (principal == null) {
            return super.isUserInRole(role);
        }
        return role != null && ("**".equals(role) || principal.hasRole(role));
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (usingReader) {
            throw new IllegalStateException("getReader() has already been called for this request");
        }
        ServletInputStream body = evaluation.body(super.getInputStream());
        usingStream = true;
        return body;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (usingStream) {
            throw new IllegalStateException("getInputStream() has already been called for this request");
        }
        if (reader == null) {
            Charset charset = charset();
            reader = new BufferedReader(new InputStreamReader(evaluation.body(super.getInputStream()), charset));
            usingReader = true;
        }
        return reader;
    }

    /** The request's encoding, else the context's, else ISO-8859-1 (Servlet 6.0 §3.12). */
    private Charset charset() throws UnsupportedEncodingException {
        String name = getCharacterEncoding();
        if (name == null) {
            name = getServletContext().getRequestCharacterEncoding();
        }
        if (name == null) {
            return StandardCharsets.ISO_8859_1;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnsupportedEncodingException(name);
        }
    }

    /**
     * Starts async processing with this request and the filter's response, so that the
     * {@link AsyncContext}'s request, and the request of its dispatch, still carry the principal and
     * the counted body.
     */
    @Override
    public AsyncContext startAsync() {
        return getRequest().startAsync(this, response);
    }
}
