package io.canarykit.core.engine;

import java.math.BigDecimal;
import java.util.Locale;

/** Number formatting as Flagger's Go code prints it in event texts. */
final class GoFormat {

    private GoFormat() {
    }

    /** Go's {@code %v} of a float64: {@code 20}, {@code 0.4}, {@code 1.2345}. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? "NaN" : (value > 0 ? "+Inf" : "-Inf");
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e21) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Go's {@code %.2f}. */
    static String twoDecimals(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
