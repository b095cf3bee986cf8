/** Implementation details of canary-k8s; no compatibility promise. */
@NullMarked
package io.canarykit.k8s.internal;

import org.jspecify.annotations.NullMarked;
