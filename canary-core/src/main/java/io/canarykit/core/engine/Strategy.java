package io.canarykit.core.engine;

import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.spi.Routes;

/**
 * What a passing analysis tick does next, by deployment strategy: shift more traffic, run another
 * iteration, or ask for promotion. Chosen once per tick by {@link Strategies#choose}; the phase
 * machine, commands, rollback and promotion are shared and live elsewhere.
 */
sealed interface Strategy permits ProgressiveCanary, AbTesting, BlueGreen, BlueGreenMirroring {

    /**
     * Advances the canary after a passing check.
     *
     * @param routes the split the status committed to when the tick started (see {@link Cadence#committed})
     * @param analysis the effective analysis (the kubernetes provider's differs from the manifest's)
     */
    void advance(TickContext t, Routes routes, CanaryAnalysis analysis);
}
