/**
 * HTML sanitizing on the OWASP Java HTML Sanitizer: named policies ({@link io.bulwark.sanitize.HtmlPolicy}),
 * a sanitize mode that returns clean HTML and a check mode that reports what sanitizing would remove.
 */
@NullMarked
package io.bulwark.sanitize;

import org.jspecify.annotations.NullMarked;
