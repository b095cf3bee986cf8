/** Implementation details of the Prometheus adapter; no compatibility promise. */
@NullMarked
package io.canarykit.prometheus.internal;

import org.jspecify.annotations.NullMarked;
