package io.canarykit.core.scheduler;

import io.canarykit.core.engine.TickResult;

/** Hears every tick the scheduler runs (metrics, timelines, demos). Must not block. */
public interface TickListener {

    TickListener NOOP = new TickListener() {
    };

    /** A tick ran; its status was persisted when it changed. */
    default void onTick(CanaryKey key, TickResult result) {
    }

    /** A tick could not run or its result could not be stored. */
    default void onError(CanaryKey key, Exception error) {
    }
}
