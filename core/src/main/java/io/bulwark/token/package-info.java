/**
 * Bearer-token verification on nimbus-jose-jwt.
 *
 * <p>{@link io.bulwark.token.TokenVerifier} turns a compact JWS into a
 * {@link io.bulwark.token.VerifiedToken} or a {@link io.bulwark.token.TokenRejectedException}
 * carrying a {@link io.bulwark.token.RejectionReason}; {@link io.bulwark.token.JwsVerifier} does the
 * same for a compact JWS whose payload is not a JWT, with the same parsing, keys and checks. Keys come from a
 * {@link io.bulwark.token.KeySource}; {@link io.bulwark.token.TokenIssuer} signs tokens for
 * first-party login endpoints and tests; {@link io.bulwark.token.BearerTokenExtractor} reads
 * RFC 6750 credentials from a request.
 */
@NullMarked
package io.bulwark.token;

import org.jspecify.annotations.NullMarked;
