package io.canarykit.gatewayapi;

import io.canarykit.gatewayapi.internal.SchemaFit;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fields the installed HTTPRoute CRD serves in {@code gateway.networking.k8s.io/v1}, read from its
 * schema. Older Gateway API versions prune what they do not know (v1.0 has no {@code rules[].timeouts},
 * no mirror {@code percent}/{@code fraction}) and refuse filter types they do not list (v1.0 has no
 * {@code CORS}); the router fits every route to this schema before writing, so that the stored route
 * is the written one and drift repair does not rewrite it on every reconcile.
 *
 * <p>Read once, when the router is built: a Gateway API upgrade takes effect on the operator's restart.
 * Reading the CRD needs {@code get} on {@code customresourcedefinitions}; without it (or without a
 * schema) nothing is known and nothing is left out ({@link #UNKNOWN}), as before.
 */
public final class HttpRouteSchema {

    /** Nothing known about the installed CRD: every field is written. */
    public static final HttpRouteSchema UNKNOWN = new HttpRouteSchema(null, null);
    public static final String CRD_NAME = "httproutes.gateway.networking.k8s.io";
    private static final String BUNDLE_VERSION = "gateway.networking.k8s.io/bundle-version";
    private static final Logger LOG = LoggerFactory.getLogger(HttpRouteSchema.class);

    private final @Nullable JSONSchemaProps spec;
    private final @Nullable String bundleVersion;

    private HttpRouteSchema(@Nullable JSONSchemaProps spec, @Nullable String bundleVersion) {
        this.spec = spec;
        this.bundleVersion = bundleVersion;
    }

    /** The schema of {@code crd}'s {@code v1} version, or {@link #UNKNOWN} when it has none (e.g. preserves unknown fields). */
    public static HttpRouteSchema from(CustomResourceDefinition crd) {
        return from(crd, GatewayApiVersion.V1);
    }

    /** The schema of {@code crd}'s {@code version}, or {@link #UNKNOWN} when it has none. */
    public static HttpRouteSchema from(CustomResourceDefinition crd, GatewayApiVersion served) {
        Objects.requireNonNull(crd, "crd");
        Objects.requireNonNull(served, "served");
        String bundle = crd.getMetadata() == null || crd.getMetadata().getAnnotations() == null ? null
                : crd.getMetadata().getAnnotations().get(BUNDLE_VERSION);
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (!served.version().equals(version.getName()) || version.getSchema() == null) {
                continue;
            }
            JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
            if (root == null || Boolean.TRUE.equals(root.getXKubernetesPreserveUnknownFields()) || root.getProperties() == null
                    || root.getProperties().get("spec") == null) {
                return UNKNOWN;
            }
            return new HttpRouteSchema(root.getProperties().get("spec"), bundle);
        }
        return UNKNOWN;
    }

    /** Reads the installed CRD; {@link #UNKNOWN} when it is absent or cannot be read (logged). */
    public static HttpRouteSchema read(KubernetesClient client) {
        return read(client, GatewayApiVersion.V1);
    }

    /** Reads the installed CRD's schema of {@code version}; {@link #UNKNOWN} when absent or unreadable (logged). */
    public static HttpRouteSchema read(KubernetesClient client, GatewayApiVersion version) {
        Objects.requireNonNull(client, "client");
        try {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME).get();
            return crd == null ? UNKNOWN : from(crd, version);
        } catch (KubernetesClientException e) {
            LOG.warn("cannot read CRD {} (HTTP {}): every HTTPRoute field will be written, including any this Gateway API "
                    + "version prunes", CRD_NAME, e.getCode());
            return UNKNOWN;
        }
    }

    /** The Gateway API release the CRD comes from ({@code v1.0.0}), when it says. */
    public Optional<String> bundleVersion() {
        return Optional.ofNullable(bundleVersion);
    }

    /** {@code spec} as the API server would store it: fields it prunes and filter types it refuses left out. */
    SchemaFit.Fitted fit(HTTPRouteSpec rendered) {
        return spec == null ? new SchemaFit.Fitted(rendered, Set.of()) : SchemaFit.fit(rendered, spec);
    }

    @Override
    public String toString() {
        return spec == null ? "HttpRouteSchema[unknown]" : "HttpRouteSchema[" + bundleVersion().orElse("unknown version") + "]";
    }
}
