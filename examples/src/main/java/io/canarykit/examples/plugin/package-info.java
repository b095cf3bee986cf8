/** A custom MetricProvider plugin: type {@code file}, registered explicitly or found through ServiceLoader. */
@NullMarked
package io.canarykit.examples.plugin;

import org.jspecify.annotations.NullMarked;
