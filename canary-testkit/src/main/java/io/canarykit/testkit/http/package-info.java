/** Loopback HTTP helpers for adapter tests: TLS servers with a throw-away certificate. */
@NullMarked
package io.canarykit.testkit.http;

import org.jspecify.annotations.NullMarked;
