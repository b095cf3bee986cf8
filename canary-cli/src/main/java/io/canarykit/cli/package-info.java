/** The {@code canary} command line; its output and exit codes are a public contract (DESIGN.md §6). */
@NullMarked
package io.canarykit.cli;

import org.jspecify.annotations.NullMarked;
