/**
 * CanaryKit on Kubernetes (fabric8): the Canary, MetricTemplate and AlertProvider custom resources
 * and their CRDs, the Deployment target, the Kubernetes Service router, the status store, Events
 * and Secret resolution. Reads go through {@link io.canarykit.k8s.ObjectCache}s (informer-backed in
 * an operator); writes are PUTs with a resourceVersion or JSON Patches, never strategic merge or
 * server-side apply.
 */
@NullMarked
package io.canarykit.k8s;

import org.jspecify.annotations.NullMarked;
