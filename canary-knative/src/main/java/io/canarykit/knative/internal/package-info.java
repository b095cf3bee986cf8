/**
 * Implementation detail of canary-knative (no compatibility promise): the view of a Knative
 * Service read as a generic resource, Flagger's traffic block, the JSON Patches that write it and
 * Revision readiness.
 */
@NullMarked
package io.canarykit.knative.internal;

import org.jspecify.annotations.NullMarked;
