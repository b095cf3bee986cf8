package io.canarykit.testkit.simulation;

import io.canarykit.api.spi.MetricResult;
import java.util.Locale;

/** What a scripted metric evaluation returns: a number, no data, or a query error. */
public sealed interface MetricAnswer permits MetricAnswer.Value, MetricAnswer.NoData, MetricAnswer.QueryError {

    /** The word for "no data" in scenario files. */
    String NODATA_WORD = "nodata";
    /** The word for "query error" in scenario files. */
    String ERROR_WORD = "error";

    MetricAnswer NO_DATA = new NoData();
    MetricAnswer ERROR = new QueryError();

    static MetricAnswer of(double value) {
        return new Value(value);
    }

    /** A number, or one of the words {@code nodata} and {@code error}. */
    static MetricAnswer parse(String text) {
        String word = text.trim().toLowerCase(Locale.ROOT);
        if (word.equals(NODATA_WORD)) {
            return NO_DATA;
        }
        if (word.equals(ERROR_WORD)) {
            return ERROR;
        }
        try {
            return of(Double.parseDouble(word));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, nodata or error, got \"" + text + "\"", e);
        }
    }

    /** The provider answer the engine sees. */
    MetricResult toResult();

    /** A finite value. */
    record Value(double value) implements MetricAnswer {
        public Value {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a metric value must be finite, got " + value + " (use nodata)");
            }
        }

        @Override
        public MetricResult toResult() {
            return MetricResult.value(value);
        }
    }

    /** The backend answered with an empty result. */
    record NoData() implements MetricAnswer {
        @Override
        public MetricResult toResult() {
            return MetricResult.noData("scenario answers nodata");
        }
    }

    /** The query failed. */
    record QueryError() implements MetricAnswer {
        @Override
        public MetricResult toResult() {
            return MetricResult.failure("scenario answers error", false);
        }
    }
}
