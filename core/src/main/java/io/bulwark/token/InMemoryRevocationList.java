package io.bulwark.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded, in-memory {@link RevocationCheck}: revoke one token by its {@code jti}, or every
 * token of a subject issued before an instant (a "log out everywhere").
 *
 * <p>Each entry is kept only until the tokens it revokes would have expired anyway. The list never
 * silently forgets a revocation to make room: when it is full of live entries, {@code revoke…}
 * throws {@link IllegalStateException}. Thread-safe.
 *
 * <pre>{@code
 * InMemoryRevocationList revoked = new InMemoryRevocationList(100_000, Clock.systemUTC());
 * revoked.revokeTokenId("3f2a…", token.expiresAt().orElseThrow());
 * TokenVerifier verifier = TokenVerifier.builder()….revocation(revoked).build();
 * }</pre>
 */
public final class InMemoryRevocationList implements RevocationCheck {

    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Instant> tokenIds = new ConcurrentHashMap<>();
    private final Map<String, Revocation> subjects = new ConcurrentHashMap<>();

    private record Revocation(Instant issuedBefore, Instant keepUntil) {
    }

    /**
     * Creates an empty list.
     *
     * @param maxEntries the most live revocations held (token ids and subjects together)
     * @param clock the clock that decides when entries lapse
     */
    public InMemoryRevocationList(int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Revokes the token with this {@code jti}.
     *
     * @param tokenId the {@code jti}
     * @param until when the entry may be forgotten: the token's expiry
     * @throws IllegalStateException if the list is full of live entries
     */
    public synchronized void revokeTokenId(String tokenId, Instant until) {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(until, "until");
        if (!tokenIds.containsKey(tokenId)) {
            makeRoom();
        }
        tokenIds.merge(tokenId, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * Revokes every token of the subject issued before the given instant (tokens without
     * {@code iat} included).
     *
     * @param subject the {@code sub}
     * @param issuedBefore tokens issued before this are revoked
     * @param until when the entry may be forgotten: the expiry of the longest-lived such token
     * @throws IllegalStateException if the list is full of live entries
     */
    public synchronized void revokeSubject(String subject, Instant issuedBefore, Instant until) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuedBefore, "issuedBefore");
        Objects.requireNonNull(until, "until");
        if (!subjects.containsKey(subject)) {
            makeRoom();
        }
        subjects.merge(subject, new Revocation(issuedBefore, until), (a, b) -> new Revocation(
                a.issuedBefore().isAfter(b.issuedBefore()) ? a.issuedBefore() : b.issuedBefore(),
                a.keepUntil().isAfter(b.keepUntil()) ? a.keepUntil() : b.keepUntil()));
    }

    /** How many revocations are held, lapsed ones included until the next purge. */
    public int size() {
        return tokenIds.size() + subjects.size();
    }

    @Override
    public boolean isRevoked(VerifiedToken token) {
        if (!tokenIds.isEmpty()) {
            String jti = token.tokenId().orElse(null);
            if (jti != null && tokenIds.containsKey(jti)) {
                return true;
            }
        }
        if (!subjects.isEmpty()) {
            Revocation revocation = subjects.get(token.subject());
            if (revocation != null) {
                Instant issuedAt = token.issuedAt().orElse(null);
                return issuedAt == null || issuedAt.isBefore(revocation.issuedBefore());
            }
        }
        return false;
    }

    private void makeRoom() {
        if (size() < maxEntries) {
            return;
        }
        Instant now = clock.instant();
        tokenIds.values().removeIf(until -> !until.isAfter(now));
        subjects.values().removeIf(r -> !r.keepUntil().isAfter(now));
        if (size() >= maxEntries) {
            throw new IllegalStateException("The revocation list holds " + maxEntries
                    + " live entries; raise maxEntries rather than forget a revocation");
        }
    }

    @Override
    public String toString() {
        return "InMemoryRevocationList[tokenIds=" + tokenIds.size() + ", subjects=" + subjects.size() + "]";
    }
}
