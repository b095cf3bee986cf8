/** A deployment tool that embeds the engine through the Java API alone: its own router, workload and clock. */
@NullMarked
package io.canarykit.examples.embedding;

import org.jspecify.annotations.NullMarked;
