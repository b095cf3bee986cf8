/**
 * CanaryKit's traffic router for Linkerd and the other SMI meshes: an SMI {@code TrafficSplit}
 * between the primary and canary Services, with the behaviour of Flagger's SMI routers
 * ({@code pkg/router/smi.go}, {@code smi_v1alpha2.go}, {@code smi_v1alpha3.go}, Apache-2.0).
 *
 * <h2>Providers</h2>
 * <table>
 *   <caption>Which provider writes which TrafficSplit</caption>
 *   <tr><th>{@code spec.provider} / default provider</th><th>TrafficSplit</th><th>register with</th></tr>
 *   <tr><td>{@code linkerd}</td><td>{@code split.smi-spec.io/v1alpha1}</td><td>{@link io.canarykit.linkerd.LinkerdOperator},
 *       {@link io.canarykit.linkerd.LinkerdRouting}</td></tr>
 *   <tr><td>{@code osm}</td><td>{@code v1alpha2}</td><td rowspan="3">{@link io.canarykit.linkerd.SmiOperator},
 *       {@link io.canarykit.linkerd.SmiRouting}</td></tr>
 *   <tr><td>{@code smi:v1alpha1}, {@code smi:v1alpha2}, {@code smi:v1alpha3}</td><td>that version</td></tr>
 *   <tr><td>{@code smi:<version>:<mesh>} (Flagger's {@code -mesh-provider} form)</td><td>that version</td></tr>
 * </table>
 * The engine routes by the exact provider text: register each text the canaries use
 * ({@code SmiOperator.install(builder, "osm", "smi:v1alpha2:istio")}; {@link io.canarykit.linkerd.SmiProvider#FLAGGER_PROVIDERS}
 * lists those Flagger's CRD accepts). Linkerd 2.12 and later reads TrafficSplits only with its SMI
 * extension installed ({@code linkerd smi install}).
 *
 * <h2>What is written</h2>
 * One TrafficSplit named after the apex Service ({@code service.name}, default the target's name) in
 * the Canary's namespace, with a controller owner reference to the Canary:
 * <pre>{@code
 * apiVersion: split.smi-spec.io/v1alpha1
 * kind: TrafficSplit
 * metadata: {name: podinfo, namespace: test, ownerReferences: [{kind: Canary, name: podinfo, controller: true}]}
 * spec:
 *   service: podinfo            # service.hosts[0] when set, else the apex Service
 *   backends:
 *     - {service: podinfo-canary, weight: "10"}    # v1alpha2/v1alpha3: weight: 10
 *     - {service: podinfo-primary, weight: "90"}
 * }</pre>
 * Weights are percentages, canary first, as Flagger writes them: a quantity string in
 * {@code v1alpha1}, an integer in {@code v1alpha2} and {@code v1alpha3}. With the mesh {@code istio}
 * ({@code smi:<version>:istio}) {@code service.gateways} is also written in the annotation
 * {@code VirtualService.v1alpha3.networking.istio.io/spec.gateways}. The apex, primary and canary
 * Services themselves are the Kubernetes Service router's ({@code canary-k8s}), which
 * {@link io.canarykit.linkerd.LinkerdRouting}, {@link io.canarykit.linkerd.SmiRouting} and the
 * operator put in front of this router.
 *
 * <h2>RBAC</h2>
 * {@code get, list, watch, create, update, patch, delete} on {@code split.smi-spec.io}
 * {@code trafficsplits} (plus what the operator needs for Canaries, Deployments and Services).
 * Install a version only where the API server serves it ({@link io.canarykit.linkerd.SmiOperator#servedVersions},
 * {@link io.canarykit.linkerd.LinkerdOperator#served}): the informer's first list fails otherwise.
 *
 * <h2>Differences from Flagger</h2>
 * <ul>
 *   <li>A weight step is one JSON Patch of the two weights (testing the Service names and the
 *       weights read), read from an informer: no GET. Flagger GETs and PUTs the split every step.
 *       A conflict or a failed test is recomputed on a fresh read, once.</li>
 *   <li>Drift repair (apex, backends, a stray backend) keeps the weights in force; Flagger's
 *       reconcile resets them to 0/100 in the middle of an analysis.</li>
 *   <li>A split whose weights do not add up to 100 (written by hand, {@code 900m}/{@code 100m}
 *       quantities) reads as the canary's share of the two; Flagger reads the raw numbers, and a
 *       milli-quantity as 0.</li>
 *   <li>Refused with an {@link io.canarykit.api.InvalidCanarySpecException} naming the field, before
 *       anything is written (a split back to the primary excepted, so that an analysis can always
 *       stop), where Flagger silently ignores the field: {@code analysis.match}
 *       (A/B: on a split, every request would go to the canary; Flagger writes no
 *       {@code HTTPRouteGroup} for v1alpha3 either), {@code analysis.sessionAffinity}, and
 *       {@code analysis.mirror} on a weighted analysis (the split never reads back as mirrored, so
 *       Flagger's analysis never leaves weight 0).</li>
 *   <li>Blue/green with {@code mirror} runs as in Flagger: SMI cannot mirror, the split gets the
 *       weights only and never reads as mirrored (logged once per canary).</li>
 *   <li>{@code revertOnDeletion} deletes the split this Canary owns (Flagger's SMI Finalize does
 *       nothing and leaves the split to garbage collection); a split it does not own is left alone.</li>
 *   <li>A provider text that is not an SMI provider is refused; Flagger falls back to Istio.</li>
 * </ul>
 *
 * <h2>Linkerd with the Gateway API</h2>
 * Flagger's current Linkerd tutorial (Linkerd 2.14+) routes with an HTTPRoute whose parent is the
 * apex Service ({@code gatewayRefs: [{name: podinfo, group: core, kind: Service, port: 9898}]},
 * {@code provider: gatewayapi:v1beta1}). That is canary-gatewayapi's router
 * ({@code GatewayApiOperator}, {@code provider: gatewayapi}, {@code gatewayapi:v1} or
 * {@code gatewayapi:v1beta1}); it takes Linkerd's {@code Accepted} condition, which carries no
 * {@code observedGeneration}, on its status.
 *
 * <h2>Why generic resources</h2>
 * fabric8 ships no SMI model, and a generated typed client for three alpha versions of a dormant
 * API would be more code than the two fields written. Splits travel as
 * {@link io.fabric8.kubernetes.api.model.GenericKubernetesResource}s; the internal records
 * ({@code SplitSpec}, {@code SplitBackend}) are their typed reading and writing.
 */
@NullMarked
package io.canarykit.linkerd;

import org.jspecify.annotations.NullMarked;
