package io.canarykit.cloudwatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * Reads a template's query, the JSON array of {@code MetricDataQuery} Flagger unmarshals into the AWS
 * SDK's type: the API's field names ({@code Id}, {@code Expression}, {@code MetricStat.Metric.Dimensions},
 * ...), matched case-insensitively and ignoring unknown fields, as Go's {@code encoding/json} does.
 */
final class MetricDataQueries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricDataQueries() {
    }

    /** @throws IllegalArgumentException when the query is not such an array */
    static List<MetricDataQuery> parse(String query) {
        JsonNode root;
        try {
            root = JSON.readTree(query);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the cloudwatch query is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("the cloudwatch query must be a JSON array of MetricDataQuery");
        }
        List<MetricDataQuery> queries = new ArrayList<>();
        for (JsonNode node : root) {
            queries.add(query(node));
        }
        return queries;
    }

    private static MetricDataQuery query(JsonNode node) {
        MetricDataQuery.Builder q = MetricDataQuery.builder();
        text(node, "Id").ifPresent(q::id);
        text(node, "Expression").ifPresent(q::expression);
        text(node, "Label").ifPresent(q::label);
        text(node, "AccountId").ifPresent(q::accountId);
        field(node, "Period").filter(JsonNode::canConvertToInt).map(JsonNode::intValue).ifPresent(q::period);
        field(node, "ReturnData").filter(JsonNode::isBoolean).map(JsonNode::booleanValue).ifPresent(q::returnData);
        field(node, "MetricStat").filter(JsonNode::isObject).ifPresent(stat -> {
            MetricStat.Builder s = MetricStat.builder();
            field(stat, "Metric").filter(JsonNode::isObject).ifPresent(metric -> {
                Metric.Builder m = Metric.builder();
                text(metric, "Namespace").ifPresent(m::namespace);
                text(metric, "MetricName").ifPresent(m::metricName);
                field(metric, "Dimensions").filter(JsonNode::isArray).ifPresent(dimensions -> {
                    List<Dimension> list = new ArrayList<>();
                    for (JsonNode d : dimensions) {
                        Dimension.Builder b = Dimension.builder();
                        text(d, "Name").ifPresent(b::name);
                        text(d, "Value").ifPresent(b::value);
                        list.add(b.build());
                    }
                    m.dimensions(list);
                });
                s.metric(m.build());
            });
            field(stat, "Period").filter(JsonNode::canConvertToInt).map(JsonNode::intValue).ifPresent(s::period);
            text(stat, "Stat").ifPresent(s::stat);
            text(stat, "Unit").ifPresent(s::unit);
            q.metricStat(s.build());
        });
        return q.build();
    }

    private static java.util.Optional<String> text(JsonNode node, String name) {
        return field(node, name).filter(JsonNode::isValueNode).map(JsonNode::asText);
    }

    private static java.util.Optional<JsonNode> field(JsonNode node, String name) {
        JsonNode exact = node.get(name);
        if (exact != null) {
            return java.util.Optional.of(exact);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return java.util.Optional.of(e.getValue());
            }
        }
        return java.util.Optional.empty();
    }
}
