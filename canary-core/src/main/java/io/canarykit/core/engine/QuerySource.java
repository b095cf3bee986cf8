package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.BuiltinQuery;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.QueryQuoting;

/**
 * Where a metric's query comes from — a builtin of the observer, the metric's inline query, or a
 * MetricTemplate — with the backend that answers it and the words Flagger uses when it fails.
 * {@link Unusable} is a metric whose query cannot be found: its check is an error.
 */
sealed interface QuerySource permits QuerySource.Builtin, QuerySource.Inline, QuerySource.Template, QuerySource.Unusable {

    /** The check's error message when the query does not render. */
    String renderError(CanaryMetric metric, String reason);

    /** Flagger's builtin {@code request-success-rate} / {@code request-duration} for an observer. */
    record Builtin(BuiltinQuery query, MetricSource backend, QueryQuoting quoting, boolean duration) implements QuerySource {
        @Override
        public String renderError(CanaryMetric metric, String reason) {
            return "Prometheus query failed: query render error: " + reason;
        }

        String noData(Canary canary, CanaryMetric metric, String reason) {
            return "Halt advancement no values found for " + query.observer() + " metric " + metric.name() + " probably "
                    + canary.spec().targetRef().name() + "." + canary.namespace() + " is not receiving traffic: " + reason;
        }
    }

    /** A metric's own {@code query}, sent to the canary's Prometheus. */
    record Inline(String template, MetricSource backend, QueryQuoting quoting) implements QuerySource {
        @Override
        public String renderError(CanaryMetric metric, String reason) {
            return "Metric query failed for " + metric.name() + ": query render error: " + reason;
        }
    }

    /** A MetricTemplate's query, sent to the template's provider. */
    record Template(MetricTemplate resource, MetricSource backend, QueryQuoting quoting) implements QuerySource {
        String template() {
            return resource.spec().query();
        }

        /** {@code name.namespace}, as Flagger names a template in messages. */
        String ref() {
            return resource.metadata().name() + "." + resource.metadata().namespaceOrDefault();
        }

        @Override
        public String renderError(CanaryMetric metric, String reason) {
            return "Metric template " + ref() + " query render error: " + reason;
        }
    }

    /** No usable query: the check is an error with this message. */
    record Unusable(String message) implements QuerySource {
        @Override
        public String renderError(CanaryMetric metric, String reason) {
            return message;
        }
    }
}
