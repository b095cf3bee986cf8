package io.canarykit.testkit;

import io.canarykit.core.engine.TickResult;
import io.canarykit.core.scheduler.CanaryKey;
import io.canarykit.core.scheduler.TickListener;
import java.util.Collection;
import java.util.Objects;

/**
 * A {@link TickListener} that adds every tick's result and every tick failure to collections the
 * test owns (thread-safe ones: the scheduler calls it from its worker threads).
 *
 * <pre>{@code
 * List<TickResult> ticks = new CopyOnWriteArrayList<>();
 * List<Exception> errors = new CopyOnWriteArrayList<>();
 * CanaryOperator.builder(client).tickListener(RecordingTickListener.into(ticks, errors));
 * }</pre>
 */
public final class RecordingTickListener implements TickListener {

    private final Collection<TickResult> results;
    private final Collection<Exception> errors;

    private RecordingTickListener(Collection<TickResult> results, Collection<Exception> errors) {
        this.results = Objects.requireNonNull(results, "results");
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    public static RecordingTickListener into(Collection<TickResult> results, Collection<Exception> errors) {
        return new RecordingTickListener(results, errors);
    }

    @Override
    public void onTick(CanaryKey key, TickResult result) {
        results.add(result);
    }

    @Override
    public void onError(CanaryKey key, Exception error) {
        errors.add(error);
    }
}
