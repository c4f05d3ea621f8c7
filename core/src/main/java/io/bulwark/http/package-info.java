/**
 * What both adapters write on the wire: RFC 9457 problem details, RFC 6750 {@code WWW-Authenticate}
 * challenges, and the header names of the HTTP contract.
 */
@NullMarked
package io.bulwark.http;

import org.jspecify.annotations.NullMarked;
