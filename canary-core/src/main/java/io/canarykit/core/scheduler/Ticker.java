package io.canarykit.core.scheduler;

import io.canarykit.api.model.Canary;
import io.canarykit.core.engine.TickResult;

/** One tick of one canary; {@code CanaryEngine::tick} is the usual one. */
@FunctionalInterface
public interface Ticker {

    TickResult tick(Canary canary);
}
