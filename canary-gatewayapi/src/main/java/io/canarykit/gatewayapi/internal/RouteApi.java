package io.canarykit.gatewayapi.internal;

import io.canarykit.gatewayapi.GatewayApiVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Objects;

/**
 * The router's writes of an HTTPRoute, in the API version it serves. The route is rendered in
 * fabric8's v1 model; for {@code v1beta1} it travels as a generic resource of that version (the
 * fields the router writes are the same in both), so a cluster without v1 never sees a v1 request.
 */
public final class RouteApi {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final GatewayApiVersion version;

    public RouteApi(KubernetesClient client, GatewayApiVersion version) {
        this.client = Objects.requireNonNull(client, "client");
        this.version = Objects.requireNonNull(version, "version");
    }

    public void create(HTTPRoute route) {
        if (version == GatewayApiVersion.V1) {
            client.resource(route).create();
        } else {
            client.genericKubernetesResources(version.httpRoutes()).resource(generic(route)).create();
        }
    }

    /** PUT with the route's resourceVersion. */
    public void update(HTTPRoute route) {
        if (version == GatewayApiVersion.V1) {
            client.resource(route).update();
        } else {
            client.genericKubernetesResources(version.httpRoutes()).resource(generic(route)).update();
        }
    }

    /** A JSON Patch of the live route. */
    public void patch(HTTPRoute live, String jsonPatch) {
        if (version == GatewayApiVersion.V1) {
            client.resource(live).patch(PatchContext.of(PatchType.JSON), jsonPatch);
        } else {
            client.genericKubernetesResources(version.httpRoutes()).inNamespace(live.getMetadata().getNamespace())
                    .withName(live.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON), jsonPatch);
        }
    }

    /** Whether the API server deleted something. */
    public boolean delete(HTTPRoute live) {
        if (version == GatewayApiVersion.V1) {
            return !client.resource(live).delete().isEmpty();
        }
        return !client.genericKubernetesResources(version.httpRoutes()).inNamespace(live.getMetadata().getNamespace())
                .withName(live.getMetadata().getName()).delete().isEmpty();
    }

    /** A route read in {@code version} (a generic resource) as the v1 model the router renders and compares. */
    public static HTTPRoute model(GenericKubernetesResource resource) {
        return SERIALIZATION.convertValue(resource, HTTPRoute.class);
    }

    private GenericKubernetesResource generic(HTTPRoute route) {
        GenericKubernetesResource resource = SERIALIZATION.convertValue(route, GenericKubernetesResource.class);
        resource.setApiVersion(version.apiVersion());
        resource.setKind("HTTPRoute");
        return resource;
    }
}
