/**
 * Rate limiting on bucket4j: limits, keys, client address resolution behind trusted proxies,
 * bucket stores and RateLimit headers.
 */
@NullMarked
package io.bulwark.ratelimit;

import org.jspecify.annotations.NullMarked;
