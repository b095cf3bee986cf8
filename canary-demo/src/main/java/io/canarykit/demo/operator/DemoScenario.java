package io.canarykit.demo.operator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The scripted error rate (percent) of the new version, per check of the error-rate metric. */
enum DemoScenario {

    /** 0.5% at every check: the canary is promoted. */
    GOOD("good", 0.5),
    /** 0.5% at the first check, 20% from the second on: three failed checks in a row roll it back. */
    BAD("bad", 0.5, 20);

    private final String id;
    private final double[] errorRates;

    DemoScenario(String id, double... errorRates) {
        this.id = id;
        this.errorRates = errorRates;
    }

    String id() {
        return id;
    }

    /** The error rate of consecutive checks; the last one repeats. */
    double[] errorRates() {
        return errorRates.clone();
    }

    static Optional<DemoScenario> parse(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.id.equals(wanted)).findFirst();
    }
}
