package io.canarykit.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.providers.http.StubBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.providers.http.StubBackend.Reply;
import io.canarykit.providers.http.TestResilience;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * CloudWatch's wire shapes as the AWS SDK 2.59 speaks them: Smithy RPC v2 CBOR, {@code POST
 * /service/GraniteServiceVersion20100801/operation/GetMetricData} with {@code smithy-protocol: rpc-v2-cbor},
 * SigV4-signed for service {@code monitoring}; bodies after the GetMetricData API reference.
 */
final class CloudWatchFixtures {

    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private CloudWatchFixtures() {
    }

    static CloudWatchMetricProvider.Builder provider() {
        return CloudWatchMetricProvider.builder()
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .retryRegistry(RetryRegistry.of(RetryConfig.from(CloudWatchMetricProvider.defaultRetryConfig())
                        .waitDuration(Duration.ZERO).build()));
    }

    static MetricSource source(@Nullable String address) {
        return new MetricSource("prod", new MetricTemplateProvider("cloudwatch", address, Map.of(), null, "ap-northeast-1", null));
    }

    static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    /** The request's CBOR body as a tree. */
    static JsonNode body(StubBackend.Received request) {
        try {
            return CBOR.readTree(request.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GetMetricData answer whose first result (newest first) carries {@code values}. */
    static Reply result(String id, double... values) {
        ObjectNode result = CBOR.createObjectNode().put("Id", id).put("Label", "ErrorRate").put("StatusCode", "Complete");
        ArrayNode list = result.putArray("Values");
        for (double v : values) {
            list.add(v);
        }
        ObjectNode root = CBOR.createObjectNode();
        root.putArray("MetricDataResults").add(result);
        root.putArray("Messages");
        return cbor(200, root, Map.of());
    }

    /** An error as CloudWatch's RPC v2 CBOR protocol sends it: {@code __type} and {@code message}, plus the query-compatible code header. */
    static Reply error(int status, String type, String message) {
        ObjectNode root = CBOR.createObjectNode().put("__type", "com.amazonaws.cloudwatch#" + type).put("message", message);
        return cbor(status, root, Map.of("x-amzn-query-error", type + ";Sender"));
    }

    private static Reply cbor(int status, ObjectNode root, Map<String, String> extra) {
        Map<String, String> headers = new java.util.HashMap<>(extra);
        headers.put("Content-Type", "application/cbor");
        headers.put("smithy-protocol", "rpc-v2-cbor");
        headers.put("x-amzn-RequestId", "5fd0d5b2-0a2b-4a4c-a28a-0d3b47e01e6b");
        try {
            return Reply.binary(status, CBOR.writeValueAsBytes(root), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static {
        // Keep the shared stub's settings referenced: the test jar is one dependency for all providers.
        TestResilience.class.getName();
    }
}
