package io.bulwark;

import io.bulwark.event.LogText;
import io.bulwark.event.SecurityEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Who and what the request on the current thread is, for correlating the application's own logs
 * with Bulwark's security events.
 *
 * <p>When {@link Bulwark#check} admits a request it binds the request's context to the calling
 * thread, and (unless {@link Bulwark.Builder#mdc(boolean) turned off}) puts
 * {@value #MDC_REQUEST_ID} and, for an authenticated caller, {@value #MDC_SUBJECT} into SLF4J's
 * MDC, so a log pattern such as {@code %X{bulwark.request_id}} shows them on every line the
 * application writes while the request runs. The adapters call {@link #clear()} when the request
 * ends; an integration of its own must do the same.
 *
 * <pre>{@code
 * RequestContext.current().ifPresent(context -> audit.record(context.requestId(), order));
 * }</pre>
 *
 * <p>The context lives on the thread that called {@code check}: work handed to another thread
 * (asynchronous servlets, executors) does not see it unless the application passes it on.
 */
public final class RequestContext {

    /** The MDC key of the request id. */
    public static final String MDC_REQUEST_ID = "bulwark.request_id";

    /** The MDC key of the authenticated subject. */
    public static final String MDC_SUBJECT = "bulwark.subject";

    private static final int MAX_REQUEST_ID_LENGTH = 64;
    private static final int MAX_ENDPOINT_LENGTH = 200;
    private static final ThreadLocal<@Nullable RequestContext> CURRENT = new ThreadLocal<>();
    private static final byte[] HEX_DIGITS = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private final String requestId;
    private final String clientAddress;
    private final String method;
    private final String path;
    private final @Nullable String subject;
    private final boolean mdc;

    RequestContext(String requestId, String clientAddress, String method, String path, @Nullable String subject,
            boolean mdc) {
        this.requestId = requestId;
        this.clientAddress = clientAddress;
        this.method = method;
        this.path = path;
        this.subject = subject == null ? null : LogText.printable(subject, MAX_ENDPOINT_LENGTH);
        this.mdc = mdc;
    }

    /**
     * The context of the request the current thread is serving, if Bulwark admitted one and it has
     * not ended.
     *
     * @return the context
     */
    public static Optional<RequestContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Ends the current thread's request: forgets its context and removes its MDC keys. */
    public static void clear() {
        RequestContext context = CURRENT.get();
        if (context != null) {
            // set(null), not remove(): the thread keeps its entry, so the next get() on a pooled
            // thread does not allocate a new one per request.
            CURRENT.set(null);
            if (context.mdc) {
                MDC.remove(MDC_REQUEST_ID);
                MDC.remove(MDC_SUBJECT);
            }
        }
    }

    /** Binds this context to the current thread, replacing any left over from an earlier request. */
    void bind() {
        RequestContext previous = CURRENT.get();
        CURRENT.set(this);
        if (mdc) {
            MDC.put(MDC_REQUEST_ID, requestId);
            if (subject != null) {
                MDC.put(MDC_SUBJECT, subject);
            } else if (previous != null && previous.subject != null) {
                MDC.remove(MDC_SUBJECT);
            }
        } else if (previous != null && previous.mdc) {
            MDC.remove(MDC_REQUEST_ID);
            MDC.remove(MDC_SUBJECT);
        }
    }

    /** This context, for the authenticated caller {@code subject}. */
    RequestContext withSubject(String subject) {
        return new RequestContext(requestId, clientAddress, method, path, subject, mdc);
    }

    /**
     * A new request id: 16 hexadecimal digits. Random rather than sequential, so ids from several
     * instances of an application do not collide; not a secret.
     *
     * @return the id
     */
    public static String newRequestId() {
        long id = ThreadLocalRandom.current().nextLong();
        byte[] digits = new byte[16];
        for (int i = 15; i >= 0; i--) {
            digits[i] = HEX_DIGITS[(int) (id & 0xF)];
            id >>>= 4;
        }
        return new String(digits, StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether a request id taken from a client or proxy is safe to log and to use: 1 to 64
     * characters of letters, digits and {@code . _ : -}.
     *
     * @param id the id
     * @return whether it is acceptable
     */
    static boolean isAcceptableRequestId(String id) {
        int length = id.length();
        if (length == 0 || length > MAX_REQUEST_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The request's id: taken from the configured request-id header when valid, else generated.
     *
     * @return the id
     */
    public String requestId() {
        return requestId;
    }

    /**
     * The client's address as Bulwark resolved it (behind trusted proxies only).
     *
     * @return the address
     */
    public String clientAddress() {
        return clientAddress;
    }

    /**
     * The endpoint, {@code METHOD path}, printable and bounded as in {@link SecurityEvent#endpoint()}.
     *
     * @return the endpoint
     */
    public String endpoint() {
        return endpoint(method, path);
    }

    /** {@code METHOD path}, printable and at most 200 characters. */
    static String endpoint(String method, String path) {
        return LogText.printable(method + " " + path, MAX_ENDPOINT_LENGTH);
    }

    /**
     * The verified token's subject, for an authenticated caller.
     *
     * @return the subject, printable and bounded
     */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    @Override
    public String toString() {
        return "RequestContext[requestId=" + requestId + ", client=" + clientAddress + ", endpoint=" + endpoint() + "]";
    }
}
