package io.canarykit.k8s;

import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.AlertProviderSpec;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.MetricTemplateSpec;
import io.canarykit.k8s.internal.RecordSchema;
import io.canarykit.k8s.internal.SchemaConstraints;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CustomResourceDefinitions (apiextensions.k8s.io/v1) of Canary, MetricTemplate and
 * AlertProvider, generated from the canary-api records: OpenAPI schema, status subresource and
 * Flagger's printer columns, with the value validations of {@link SchemaConstraints} (so that the API
 * server refuses what {@code canary validate} refuses, where a schema can say it). The YAML shipped in {@code META-INF/canarykit/crds/} is this output
 * for the default group; a test fails when the two differ.
 */
public final class CanaryCrds {

    /** Where the generated CRD manifests live on the classpath (the testkit harness loads them). */
    public static final String RESOURCE_DIRECTORY = "META-INF/canarykit/crds/";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private CanaryCrds() {
    }

    public static List<CustomResourceDefinition> all(CanaryApiGroup group) {
        return List.of(canary(group), metricTemplate(group), alertProvider(group));
    }

    public static CustomResourceDefinition canary(CanaryApiGroup group) {
        List<CustomResourceColumnDefinition> columns = List.of(
                column("Status", "string", ".status.phase", 0),
                column("Weight", "integer", ".status.canaryWeight", 0),
                column("Suspended", "boolean", ".spec.suspend", 1),
                column("FailedChecks", "integer", ".status.failedChecks", 1),
                column("Interval", "string", ".spec.analysis.interval", 1),
                column("Mirror", "boolean", ".spec.analysis.mirror", 1),
                column("StepWeight", "string", ".spec.analysis.stepWeight", 1),
                column("StepWeights", "string", ".spec.analysis.stepWeights", 1),
                column("MaxWeight", "string", ".spec.analysis.maxWeight", 1),
                column("LastTransitionTime", "string", ".status.lastTransitionTime", 0));
        // Flagger's CRD requires targetRef and analysis. A canary without analysis is promoted (with a
        // validator warning), and a Knative canary has no service: the validator requires service.port of the others.
        JSONSchemaProps spec = withRequired(RecordSchema.of(CanarySpec.class), List.of("targetRef"));
        SchemaConstraints.canarySpec(spec);
        JSONSchemaProps status = RecordSchema.of(CanaryStatus.class);
        SchemaConstraints.canaryStatus(status);
        return crd(group, Canary.KIND, spec, status, columns);
    }

    public static CustomResourceDefinition metricTemplate(CanaryApiGroup group) {
        JSONSchemaProps spec = RecordSchema.of(MetricTemplateSpec.class);
        SchemaConstraints.metricTemplateSpec(spec);
        return crd(group, MetricTemplate.KIND, spec, anyObject(),
                List.of(column("Provider", "string", ".spec.provider.type", 0)));
    }

    public static CustomResourceDefinition alertProvider(CanaryApiGroup group) {
        JSONSchemaProps spec = RecordSchema.of(AlertProviderSpec.class);
        SchemaConstraints.alertProviderSpec(spec);
        return crd(group, AlertProvider.KIND, spec, anyObject(),
                List.of(column("Type", "string", ".spec.type", 0)));
    }

    /** A CRD as YAML, the way it is shipped. */
    public static String toYaml(CustomResourceDefinition crd) {
        return SERIALIZATION.asYaml(crd);
    }

    /** The classpath resource name of the shipped YAML of {@code kind}. */
    public static String resourceName(String kind) {
        return RESOURCE_DIRECTORY + CanaryApiGroup.plural(kind) + ".yaml";
    }

    private static CustomResourceDefinition crd(CanaryApiGroup group, String kind, JSONSchemaProps spec,
            JSONSchemaProps status, List<CustomResourceColumnDefinition> columns) {
        String plural = CanaryApiGroup.plural(kind);
        Map<String, JSONSchemaProps> properties = new LinkedHashMap<>();
        properties.put("apiVersion", new JSONSchemaPropsBuilder().withType("string").build());
        properties.put("kind", new JSONSchemaPropsBuilder().withType("string").build());
        properties.put("metadata", new JSONSchemaPropsBuilder().withType("object").build());
        properties.put("spec", spec);
        properties.put("status", status);
        JSONSchemaProps root = new JSONSchemaPropsBuilder().withType("object").withProperties(properties)
                .withRequired("spec").build();
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + group.group()).endMetadata()
                .withNewSpec()
                .withGroup(group.group())
                .withScope("Namespaced")
                .withNewNames().withKind(kind).withListKind(kind + "List").withPlural(plural)
                .withSingular(kind.toLowerCase(Locale.ROOT)).withCategories("all").endNames()
                .addNewVersion()
                .withName(group.version()).withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .withNewSchema().withOpenAPIV3Schema(root).endSchema()
                .withAdditionalPrinterColumns(columns)
                .endVersion()
                .endSpec()
                .build();
    }

    private static JSONSchemaProps withRequired(JSONSchemaProps schema, List<String> required) {
        List<String> all = new ArrayList<>(required);
        return new JSONSchemaPropsBuilder(schema).withRequired(all).build();
    }

    /** MetricTemplate and AlertProvider status is not part of the model; keep whatever is there. */
    private static JSONSchemaProps anyObject() {
        return new JSONSchemaPropsBuilder().withType("object").withXKubernetesPreserveUnknownFields(true).build();
    }

    private static CustomResourceColumnDefinition column(String name, String type, String path, int priority) {
        CustomResourceColumnDefinition column = new CustomResourceColumnDefinition();
        column.setName(name);
        column.setType(type);
        column.setJsonPath(path);
        if (priority > 0) {
            column.setPriority(priority);
        }
        return column;
    }
}
