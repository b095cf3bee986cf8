package io.canarykit.api.spi;

/**
 * A traffic split between primary and canary. Weights are percentages in 0..100 that add up to
 * 100; {@code mirrored} means the canary also receives a copy of the primary's traffic.
 */
public record Routes(int primaryWeight, int canaryWeight, boolean mirrored) {

    public static final Routes PRIMARY_ONLY = new Routes(100, 0, false);
    public static final Routes CANARY_ONLY = new Routes(0, 100, false);

    public Routes {
        if (primaryWeight < 0 || primaryWeight > 100 || canaryWeight < 0 || canaryWeight > 100) {
            throw new IllegalArgumentException("weights must be within 0..100, got primary " + primaryWeight
                    + " canary " + canaryWeight);
        }
        if (primaryWeight + canaryWeight != 100) {
            throw new IllegalArgumentException("weights must add up to 100, got primary " + primaryWeight
                    + " canary " + canaryWeight);
        }
    }

    public static Routes canaryWeight(int canaryWeight) {
        return new Routes(100 - canaryWeight, canaryWeight, false);
    }
}
