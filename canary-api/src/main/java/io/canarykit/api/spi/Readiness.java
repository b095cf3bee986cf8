package io.canarykit.api.spi;

/** Whether a workload is ready; a not-ready answer says whether waiting can help. */
public sealed interface Readiness permits Readiness.Ready, Readiness.NotReady {

    Readiness READY = new Ready();

    static Readiness notReady(String message, boolean retriable) {
        return new NotReady(message, retriable);
    }

    default boolean isReady() {
        return this instanceof Ready;
    }

    /** The workload is ready. */
    record Ready() implements Readiness {
    }

    /**
     * The workload is not ready. {@code retriable == false} means waiting will not help (for example
     * the progress deadline passed): the engine rolls back.
     */
    record NotReady(String message, boolean retriable) implements Readiness {
    }
}
