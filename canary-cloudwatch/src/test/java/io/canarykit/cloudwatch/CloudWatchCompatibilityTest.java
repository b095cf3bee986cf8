package io.canarykit.cloudwatch;

import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.providers.http.StubBackend;
import io.canarykit.providers.http.StubBackend.Reply;
import io.canarykit.testkit.compat.MetricProviderCompatibilityKit;
import org.junit.jupiter.api.AfterAll;

/** The testkit's provider contract against a loopback CloudWatch speaking RPC v2 CBOR. */
class CloudWatchCompatibilityTest extends MetricProviderCompatibilityKit {

    private static final StubBackend CLOUDWATCH = new StubBackend(CloudWatchCompatibilityTest::answer);

    private static Reply answer(StubBackend.Received request) {
        var queries = CloudWatchFixtures.body(request).path("MetricDataQueries");
        if (queries.size() == 0) {
            return CloudWatchFixtures.error(400, "InvalidParameterCombination", "At least one of the parameters MetricDataQueries must be specified.");
        }
        String expression = queries.get(0).path("Expression").asText();
        if (expression.startsWith("VALUE ")) {
            return CloudWatchFixtures.result("e1", Double.parseDouble(expression.substring(6)));
        }
        return expression.equals("EMPTY") ? CloudWatchFixtures.result("e1")
                : CloudWatchFixtures.error(400, "InvalidParameterValue", "The value " + expression + " for parameter MetricDataQueries.member.1.Expression is not valid.");
    }

    @AfterAll
    static void stop() {
        CLOUDWATCH.close();
    }

    @Override
    protected MetricProvider createProvider() {
        return CloudWatchFixtures.provider().build();
    }

    @Override
    protected MetricSource source() {
        return CloudWatchFixtures.source(CLOUDWATCH.url());
    }

    @Override
    protected MetricSource unreachableSource() {
        return CloudWatchFixtures.source(StubBackend.closedUrl());
    }

    @Override
    protected String queryReturning(double value) {
        return "[{\"Id\":\"e1\",\"Expression\":\"VALUE " + value + "\"}]";
    }

    @Override
    protected String queryWithoutData() {
        return "[{\"Id\":\"e1\",\"Expression\":\"EMPTY\"}]";
    }

    @Override
    protected String invalidQuery() {
        return "[{\"Id\":\"e1\",\"Expression\":\"m1 /\"}]";
    }
}
