/**
 * What an application's health endpoint can say about Bulwark: whether the keys of each trusted
 * issuer are at hand and whether the rate-limit store answers.
 *
 * <p>{@link io.bulwark.Bulwark#health()} gathers one {@link io.bulwark.health.ComponentHealth} per
 * part into a {@link io.bulwark.health.SecurityHealth}, whose {@code toJson()} is ready to serve.
 * Details are counts, times and failure class names: never key material, secrets, tokens or
 * exception messages, so the report may be served to anyone.
 */
@NullMarked
package io.bulwark.health;

import org.jspecify.annotations.NullMarked;
