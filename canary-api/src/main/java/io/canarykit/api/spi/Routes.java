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

    /** Every unmirrored split, by canary weight: the engine steps from one to another on every tick. */
    private static final Routes[] BY_CANARY_WEIGHT = new Routes[101];

    static {
        for (int weight = 0; weight <= 100; weight++) {
            BY_CANARY_WEIGHT[weight] = new Routes(100 - weight, weight, false);
        }
    }

    public static Routes canaryWeight(int canaryWeight) {
        if (canaryWeight < 0 || canaryWeight > 100) {
            return new Routes(100 - canaryWeight, canaryWeight, false); // throws: out of range
        }
        return BY_CANARY_WEIGHT[canaryWeight];
    }
}
