/**
 * Reading and writing Canary, MetricTemplate and AlertProvider manifests (YAML or JSON, one or many
 * documents). The only package of canary-core that may use Jackson: the engine sees records only.
 */
@NullMarked
package io.canarykit.core.manifest;

import org.jspecify.annotations.NullMarked;
