package io.canarykit.testkit.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A value axis from {@code min} to {@code max} with ticks every {@code step}, all round numbers
 * (1, 2, 2.5 or 5 times a power of ten), so that a reader can interpolate between the labels.
 */
record ValueAxis(double min, double max, double step) {

    private static final double[] MANTISSAS = {1, 2, 2.5, 5, 10};
    /** Aim for about five intervals; the round step makes it three to six (four to seven labels). */
    private static final int TARGET_INTERVALS = 5;

    /** The smallest round axis that holds {@code low..high}. */
    static ValueAxis of(double low, double high) {
        if (!(high > low)) {
            double pad = low == 0 ? 1 : Math.abs(low) * 0.1;
            return of(low - pad, high + pad);
        }
        double step = niceStep((high - low) / TARGET_INTERVALS);
        double min = Math.floor(low / step + 1e-9) * step;
        double max = Math.ceil(high / step - 1e-9) * step;
        return new ValueAxis(min, max, step);
    }

    /** The round step at or above {@code raw}. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double mantissa : MANTISSAS) {
            if (mantissa * magnitude >= raw * (1 - 1e-9)) {
                return mantissa * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** min, min+step … max, each rounded to the step's precision (no 0.30000000000000004). */
    List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        long count = Math.round((max - min) / step);
        int scale = Math.max(0, BigDecimal.valueOf(step).stripTrailingZeros().scale());
        for (long i = 0; i <= count; i++) {
            ticks.add(BigDecimal.valueOf(min + i * step).setScale(scale, RoundingMode.HALF_UP).doubleValue());
        }
        return ticks;
    }
}
