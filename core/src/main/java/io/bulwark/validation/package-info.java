/**
 * Input validation: Bean Validation constraints for hostile text ({@link io.bulwark.validation.SafeHtml},
 * {@link io.bulwark.validation.PlainText}, {@link io.bulwark.validation.SafeUrl},
 * {@link io.bulwark.validation.SafeFileName}, {@link io.bulwark.validation.AllowedValues}),
 * Unicode normalization ({@link io.bulwark.validation.TextNormalizer}), sanitizing in place
 * ({@link io.bulwark.validation.Sanitize}, {@link io.bulwark.validation.InputSanitizer}), request
 * size limits ({@link io.bulwark.validation.InputLimits}, {@link io.bulwark.validation.LimitedInputStream})
 * and the 400 and 413 problems ({@link io.bulwark.validation.InputValidator},
 * {@link io.bulwark.validation.InputProblems}).
 *
 * <p>Nothing here ever puts a rejected value into a message, a problem or a log line.
 *
 * <p>Validation is not the defence against SQL injection: parameterized queries are. What
 * validation adds is an allow-list for what a query parameter cannot carry (a sort column, a sort
 * direction), see {@link io.bulwark.validation.AllowedValues}.
 */
@NullMarked
package io.bulwark.validation;

import org.jspecify.annotations.NullMarked;
