/**
 * CanaryKit public API: the exception family shared by every module
 */
@NullMarked
package io.canarykit.api;

import org.jspecify.annotations.NullMarked;
