package io.canarykit.api.model;

/** The phases of a Canary, spelled as Flagger spells them in {@code status.phase}. */
public enum CanaryPhase implements WireEnum {
    INITIALIZING("Initializing"),
    INITIALIZED("Initialized"),
    WAITING("Waiting"),
    PROGRESSING("Progressing"),
    WAITING_PROMOTION("WaitingPromotion"),
    PROMOTING("Promoting"),
    FINALISING("Finalising"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    TERMINATING("Terminating"),
    TERMINATED("Terminated");

    private final String wireName;

    CanaryPhase(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** Phases in which an analysis run is under way (the threshold applies). */
    public boolean isAnalysing() {
        return this == PROGRESSING || this == WAITING_PROMOTION;
    }

    /** Phases that end a run: nothing moves until a new revision arrives. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == TERMINATED;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
