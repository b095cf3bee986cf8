/** The operator with a fleet of canaries against the fabric8 mock API server, on virtual time. */
@NullMarked
package io.canarykit.benchmarks.operator;

import org.jspecify.annotations.NullMarked;
