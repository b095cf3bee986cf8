/**
 * Validation of the model: every rule of Flagger's CRD schema plus CanaryKit's sanity rules, each a
 * small named {@link io.canarykit.core.validation.ValidationRule} reporting {@link io.canarykit.core.validation.Violation}s
 * with a field path.
 */
@NullMarked
package io.canarykit.core.validation;

import org.jspecify.annotations.NullMarked;
