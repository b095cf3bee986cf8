package io.canarykit.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.canarykit.api.model.IntOrString;
import io.canarykit.api.model.WireEnum;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrBool;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrBoolBuilder;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives an OpenAPI v3 schema from a canary-api record, component by component, so that the CRDs
 * cannot drift from the model: a new record field appears in the CRD on the next generation.
 * Types map as the manifest writer writes them (enums by wire name, {@code IntOrString} as
 * int-or-string, instants as date-time strings).
 */
public final class RecordSchema {

    private RecordSchema() {
    }

    public static JSONSchemaProps of(Class<?> type) {
        return schema(type, type);
    }

    private static JSONSchemaProps schema(Type generic, Class<?> raw) {
        if (raw == String.class) {
            return simple("string");
        }
        if (raw == Integer.class || raw == int.class) {
            return new JSONSchemaPropsBuilder().withType("integer").withFormat("int32").build();
        }
        if (raw == Long.class || raw == long.class) {
            return new JSONSchemaPropsBuilder().withType("integer").withFormat("int64").build();
        }
        if (raw == Double.class || raw == double.class) {
            return simple("number");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return simple("boolean");
        }
        if (raw == Instant.class) {
            return new JSONSchemaPropsBuilder().withType("string").withFormat("date-time").build();
        }
        if (raw == IntOrString.class) {
            return new JSONSchemaPropsBuilder().withXKubernetesIntOrString(true).build();
        }
        if (raw.isEnum()) {
            List<String> names = Arrays.stream(raw.getEnumConstants())
                    .map(e -> e instanceof WireEnum w ? w.wireName() : e.toString()).toList();
            return new JSONSchemaPropsBuilder().withType("string")
                    .withEnum(names.stream().map(n -> (JsonNode) TextNode.valueOf(n)).toList())
                    .build();
        }
        if (List.class.isAssignableFrom(raw)) {
            Type item = typeArgument(generic, 0);
            return new JSONSchemaPropsBuilder().withType("array").withItems(
                    new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrArray(null, schema(item, rawOf(item))))
                    .build();
        }
        if (Map.class.isAssignableFrom(raw)) {
            Type value = typeArgument(generic, 1);
            if (rawOf(value) == Object.class) {
                // Kept verbatim (Istio's trafficPolicy): any JSON object.
                return new JSONSchemaPropsBuilder().withType("object").withXKubernetesPreserveUnknownFields(true).build();
            }
            JSONSchemaPropsOrBool additional = new JSONSchemaPropsOrBoolBuilder().withSchema(schema(value, rawOf(value))).build();
            return new JSONSchemaPropsBuilder().withType("object").withAdditionalProperties(additional).build();
        }
        if (raw.isRecord()) {
            Map<String, JSONSchemaProps> properties = new LinkedHashMap<>();
            for (RecordComponent component : raw.getRecordComponents()) {
                properties.put(component.getName(), schema(component.getGenericType(), component.getType()));
            }
            return new JSONSchemaPropsBuilder().withType("object").withProperties(properties).build();
        }
        throw new IllegalArgumentException("no schema mapping for " + generic.getTypeName());
    }

    private static JSONSchemaProps simple(String type) {
        return new JSONSchemaPropsBuilder().withType(type).build();
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalArgumentException("raw collection type " + type.getTypeName());
    }

    private static Class<?> rawOf(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }
}
