package io.bulwark.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@link SafeUrl}. Public because Bean Validation providers instantiate it; applications
 * use the annotation.
 */
public final class SafeUrlValidator implements ConstraintValidator<SafeUrl, CharSequence> {

    private static final String[] LOCAL_SUFFIXES = {".localhost", ".local", ".home.arpa", ".internal"};

    private Set<String> schemes = Set.of("https");
    private boolean allowPrivateHosts;
    private int maxLength = 2048;

    /** Creates the validator; the Bean Validation provider calls this. */
    public SafeUrlValidator() {
    }

    /**
     * Reads and checks the allowed schemes and the limits.
     *
     * @param annotation the constraint
     * @throws IllegalArgumentException when no scheme is given, a scheme is not an RFC 3986 scheme,
     *         or the length limit is below 1
     */
    @Override
    public void initialize(SafeUrl annotation) {
        if (annotation.schemes().length == 0) {
            throw new IllegalArgumentException("@SafeUrl needs at least one scheme");
        }
        Set<String> lower = new HashSet<>();
        for (String scheme : annotation.schemes()) {
            if (!isScheme(scheme)) {
                throw new IllegalArgumentException("@SafeUrl scheme \"" + scheme
                        + "\" is not a URI scheme (RFC 3986 §3.1: a letter, then letters, digits, '+', '-' or '.')");
            }
            lower.add(TextRules.asciiLowerCase(scheme));
        }
        if (annotation.maxLength() < 1) {
            throw new IllegalArgumentException("@SafeUrl maxLength must be at least 1, was " + annotation.maxLength());
        }
        this.schemes = Set.copyOf(lower);
        this.allowPrivateHosts = annotation.allowPrivateHosts();
        this.maxLength = annotation.maxLength();
    }

    /**
     * Whether the value is a URL with an allowed scheme and host.
     *
     * @param value the value, valid when null
     * @param context unused
     * @return whether the value is valid
     */
    @Override
    public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
        return value == null || isSafe(value.toString(), schemes, allowPrivateHosts, maxLength);
    }

    static boolean isSafe(String url, Set<String> schemes, boolean allowPrivateHosts, int maxLength) {
        int n = url.length();
        if (n == 0 || n > maxLength) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = url.charAt(i);
            // printable ASCII only: no whitespace around or inside (" javascript:", "java\tscript:"), no controls, no IRIs
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme();
        if (scheme == null || !schemes.contains(TextRules.asciiLowerCase(scheme)) || uri.isOpaque()) {
            return false;
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty() || uri.getRawUserInfo() != null) {
            return false; // a registry-based authority java.net.URI cannot read a host from, or credentials
        }
        int port = uri.getPort();
        if (port == 0 || port > 65_535) {
            return false;
        }
        if (host.charAt(0) == '[') {
            return isAllowedIpv6(host.substring(1, host.length() - 1), allowPrivateHosts);
        }
        String name = TextRules.asciiLowerCase(host);
        if (IpAddresses.endsInNumber(name)) {
            long address = IpAddresses.parseIpv4(name);
            // parsed even when refused for its spelling, so that the address it stands for is known
            return address >= 0 && IpAddresses.isCanonicalIpv4(name)
                    && (allowPrivateHosts || !IpAddresses.isNonPublicIpv4(address));
        }
        return allowPrivateHosts || !isLocalName(name);
    }

    private static boolean isAllowedIpv6(String literal, boolean allowPrivateHosts) {
        if (literal.indexOf('%') >= 0) {
            return false; // RFC 6874 zone identifiers name an interface of the machine that reads the URL
        }
        Optional<byte[]> address = IpAddresses.parseIpv6(literal);
        return address.isPresent() && (allowPrivateHosts || !IpAddresses.isNonPublic(address.get()));
    }

    private static boolean isLocalName(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.indexOf('.') < 0) {
            return true; // "localhost", and single labels that the resolver's search list completes
        }
        for (String suffix : LOCAL_SUFFIXES) {
            if (n.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isScheme(String scheme) {
        if (scheme.isEmpty() || !TextRules.isAsciiLetter(scheme.charAt(0))) {
            return false;
        }
        for (int i = 1; i < scheme.length(); i++) {
            char c = scheme.charAt(i);
            if (!TextRules.isAsciiLetter(c) && !TextRules.isAsciiDigit(c) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }
}
