package io.canarykit.nginx;

import io.canarykit.api.model.Canary;
import io.canarykit.core.manifest.ManifestReader;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** The user's podinfo Ingress (Flagger's test fixture, with TLS and a second host) and canaries pointing at it. */
final class NginxFixtures {

    static final String NS = "default";
    static final String PREFIX = "nginx.ingress.kubernetes.io/";

    private NginxFixtures() {
    }

    /** A canary for podinfo with {@code ingressRef: podinfo}; {@code analysis} lines are appended. */
    static Canary canary(String analysis) {
        String yaml = """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                  uid: 3f1c2a6e-0000-4000-8000-000000000002
                spec:
                  provider: nginx
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: podinfo
                  ingressRef:
                    apiVersion: networking.k8s.io/v1
                    kind: Ingress
                    name: podinfo
                  service:
                    port: 9898
                  analysis:
                    interval: 10s
                    threshold: 2
                %s
                """.formatted(analysis);
        return (Canary) ManifestReader.read(yaml, "fixture").resourcesOrThrow().get(0);
    }

    /** The user's Ingress: two hosts routing to the apex Service (one path elsewhere), TLS, class and annotations. */
    static Ingress userIngress() {
        return parse("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: podinfo
                  namespace: default
                  labels:
                    app: podinfo
                  annotations:
                    nginx.ingress.kubernetes.io/proxy-body-size: 8m
                    nginx.ingress.kubernetes.io/canary: "false"
                    kubectl.kubernetes.io/last-applied-configuration: "{}"
                spec:
                  ingressClassName: nginx
                  tls:
                    - hosts: [app.example.com]
                      secretName: app-tls
                  rules:
                    - host: app.example.com
                      http:
                        paths:
                          - path: /
                            pathType: Prefix
                            backend:
                              service:
                                name: podinfo
                                port:
                                  number: 9898
                          - path: /static
                            pathType: Prefix
                            backend:
                              service:
                                name: assets
                                port:
                                  name: http
                    - host: www.example.com
                      http:
                        paths:
                          - path: /
                            pathType: ImplementationSpecific
                            backend:
                              service:
                                name: podinfo
                                port:
                                  number: 9898
                """);
    }

    static Ingress parse(String yaml) {
        return new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal(yaml, Ingress.class);
    }

    static Ingress get(KubernetesClient client, String name) {
        return client.resources(Ingress.class).inNamespace(NS).withName(name).get();
    }

    static Ingress canaryIngress(KubernetesClient client) {
        return get(client, "podinfo-canary");
    }

    /** The canary Ingress's {@code nginx.ingress.kubernetes.io/canary*} annotations, prefix dropped. */
    static Map<String, String> routing(Ingress ingress) {
        Map<String, String> out = new LinkedHashMap<>();
        ingress.getMetadata().getAnnotations().forEach((k, v) -> {
            if (k.startsWith(PREFIX + "canary")) {
                out.put(k.substring(PREFIX.length()), v);
            }
        });
        return out;
    }
}
