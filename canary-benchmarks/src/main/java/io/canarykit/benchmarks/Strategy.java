package io.canarykit.benchmarks;

import io.canarykit.api.spi.Routes;

/**
 * The four deployment strategies, each as the analysis fragment of the reference canary that selects
 * it and the split a {@link SteadyRouter} keeps reporting, so that every tick is an analysis tick:
 * the canary steps from weight 10 to 20 again and again; A/B testing and blue/green count their
 * iterations towards a total they never reach.
 */
public enum Strategy {

    CANARY("""
                maxWeight: 50
                stepWeight: 10
            """, Routes.canaryWeight(10)),
    AB_TESTING("""
                iterations: 1000000
                match:
                  - headers:
                      x-canary:
                        exact: "insider"
            """, Routes.CANARY_ONLY),
    BLUE_GREEN("""
                iterations: 1000000
            """, Routes.PRIMARY_ONLY),
    MIRRORING("""
                iterations: 1000000
                mirror: true
            """, new Routes(100, 0, true));

    /** A run that long never finishes: at a 1m interval, a million iterations is almost two years. */
    public static final int ENDLESS_ITERATIONS = 1_000_000;

    private final String analysisYaml;
    private final Routes steadySplit;

    Strategy(String analysisYaml, Routes steadySplit) {
        this.analysisYaml = analysisYaml;
        this.steadySplit = steadySplit;
    }

    /** The lines under {@code spec.analysis} that pick this strategy (indented four spaces). */
    public String analysisYaml() {
        return analysisYaml;
    }

    /** The split the router reports on every tick, which keeps the canary in its analysis. */
    public Routes steadySplit() {
        return steadySplit;
    }
}
