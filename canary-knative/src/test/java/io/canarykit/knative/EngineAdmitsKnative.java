package io.canarykit.knative;

import io.canarykit.core.validation.CanaryValidator;
import io.canarykit.core.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test only where the engine ticks Flagger's Knative Canary: the engine refuses to act on a
 * Canary its validator rejects, and canary-core's validator still rejected {@code provider: knative}
 * when this module was written (its SpecRules must accept Knative targets). The reason names what
 * the validator said, so a skipped run shows why.
 */
final class EngineAdmitsKnative implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<String> errors = CanaryValidator.validate(KnativeFixtures.canary()).stream().filter(Violation::isError)
                .map(Violation::toString).toList();
        return errors.isEmpty() ? ConditionEvaluationResult.enabled("canary-core's validator accepts Flagger's Knative Canary")
                : ConditionEvaluationResult.disabled("canary-core's validator (SpecRules) refuses Flagger's Knative Canary, so the "
                        + "engine does not tick it: " + errors);
    }
}
