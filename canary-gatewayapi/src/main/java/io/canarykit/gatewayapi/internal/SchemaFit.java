package io.canarykit.gatewayapi.internal;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fits a rendered spec to the schema of the installed HTTPRoute CRD, the way the API server would
 * store it: fields the schema does not know are pruned (an older Gateway API has no
 * {@code rules[].timeouts}, no mirror {@code percent}), and a filter whose {@code type} the schema's
 * enum does not list (v1.0 has no {@code CORS}) is left out, since the API server would refuse the
 * whole route for it. Writing the fitted spec keeps drift repair from seeing the pruned fields as a
 * difference on every reconcile.
 */
public final class SchemaFit {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final String FILTERS = "filters";

    private SchemaFit() {
    }

    /** The spec as fitted, and what was left out ({@code spec.rules[].timeouts}, {@code spec.rules[].filters[] CORS}). */
    public record Fitted(HTTPRouteSpec spec, Set<String> dropped) {
        public Fitted {
            dropped = Set.copyOf(dropped);
        }
    }

    /** {@code spec} fitted to {@code specSchema} (the CRD's {@code spec} property). */
    public static Fitted fit(HTTPRouteSpec spec, JSONSchemaProps specSchema) {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = JSON.convertValue(spec, Map.class);
        Set<String> dropped = new TreeSet<>();
        Object fitted = fit(tree, specSchema, "spec", dropped);
        if (dropped.isEmpty()) {
            return new Fitted(spec, dropped);
        }
        return new Fitted(JSON.convertValue(fitted, HTTPRouteSpec.class), dropped);
    }

    private static Object fit(Object value, JSONSchemaProps schema, String path, Set<String> dropped) {
        if (Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
            return value;
        }
        if (value instanceof Map<?, ?> object && schema.getProperties() != null && !schema.getProperties().isEmpty()) {
            Map<String, Object> out = new LinkedHashMap<>();
            object.forEach((key, child) -> {
                JSONSchemaProps childSchema = schema.getProperties().get(key.toString());
                if (childSchema == null) {
                    dropped.add(path + "." + key);
                } else {
                    out.put(key.toString(), fit(child, childSchema, path + "." + key, dropped));
                }
            });
            return out;
        }
        if (value instanceof List<?> items && schema.getItems() != null && schema.getItems().getSchema() != null) {
            JSONSchemaProps itemSchema = schema.getItems().getSchema();
            List<Object> out = new ArrayList<>();
            for (Iterator<?> it = items.iterator(); it.hasNext(); ) {
                Object item = it.next();
                if (!path.endsWith("." + FILTERS)) {
                    out.add(fit(item, itemSchema, path + "[]", dropped));
                    continue;
                }
                // A filter is all or nothing: without its percent, a mirror would copy every request, not 1 in 1000.
                String unserved = unservedType(item, itemSchema);
                Set<String> inside = new TreeSet<>();
                Object fitted = unserved == null ? fit(item, itemSchema, path + "[]", inside) : item;
                if (unserved != null) {
                    dropped.add(path + "[] " + unserved + " filter");
                } else if (!inside.isEmpty()) {
                    dropped.add(path + "[] " + typeOf(item) + " filter using " + String.join(", ", inside));
                } else {
                    out.add(fitted);
                }
            }
            return out;
        }
        return value;
    }

    private static String typeOf(Object item) {
        return item instanceof Map<?, ?> filter ? String.valueOf(filter.get("type")) : "?";
    }

    /** The filter's type when the schema's enum of filter types does not list it, else null. */
    private static @org.jspecify.annotations.Nullable String unservedType(Object item, JSONSchemaProps itemSchema) {
        if (!(item instanceof Map<?, ?> filter) || itemSchema.getProperties() == null) {
            return null;
        }
        JSONSchemaProps type = itemSchema.getProperties().get("type");
        if (type == null || type.getEnum() == null || type.getEnum().isEmpty()) {
            return null;
        }
        Object value = filter.get("type");
        boolean listed = type.getEnum().stream().anyMatch(e -> e.asText().equals(String.valueOf(value)));
        return listed ? null : String.valueOf(value);
    }
}
