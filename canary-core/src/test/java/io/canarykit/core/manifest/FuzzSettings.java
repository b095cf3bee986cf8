package io.canarykit.core.manifest;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * A fixed seed by default, so that {@code ./mvnw verify} is repeatable, and a way to explore more:
 * {@code -Dcanarykit.fuzz.seed=N} runs another seed ({@code random} for jqwik's own choice) and
 * {@code -Dcanarykit.fuzz.scale=K} multiplies every property's tries by K.
 */
public final class FuzzSettings implements AroundPropertyHook {

    static final String DEFAULT_SEED = "20261204";

    /** Registered on a test class, it applies to every property in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String seed = System.getProperty("canarykit.fuzz.seed", DEFAULT_SEED);
        if (!"random".equals(seed)) {
            context.attributes().setSeed(seed);
        }
        int scale = Integer.getInteger("canarykit.fuzz.scale", 1);
        context.attributes().tries().ifPresent(tries -> context.attributes().setTries(Math.multiplyExact(tries, scale)));
        return property.execute();
    }
}
