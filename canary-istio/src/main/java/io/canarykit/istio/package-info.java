/**
 * CanaryKit's traffic router for Istio ({@code provider: istio}): Flagger's Istio router, with
 * minimal writes.
 *
 * <h2>What the router writes</h2>
 * In the Canary's namespace, all {@code networking.istio.io/v1beta1} and owned by the Canary
 * (a controller ownerReference, so deleting the Canary collects them):
 * <ul>
 *   <li>DestinationRules {@code <service>-canary} and {@code <service>-primary}: {@code host} the
 *       Service's short name, {@code trafficPolicy} copied verbatim from
 *       {@code spec.service.trafficPolicy}. Other spec fields (subsets, exportTo) are left alone.</li>
 *   <li>VirtualService {@code <service>}: {@code hosts} = {@code service.hosts} plus the apex
 *       Service name (unless listed, or {@code *}); {@code gateways} = {@code service.gateways}, or
 *       {@code mesh}; with {@code service.delegation: true} neither (a delegate VirtualService;
 *       hosts or gateways set with delegation are refused). One HTTP route with
 *       {@code service.match}, {@code rewrite} (uri, authority), {@code timeout}, {@code retries},
 *       {@code corsPolicy}, {@code headers} and the destinations {@code <service>-primary} and
 *       {@code <service>-canary} with their weights (the destinations name
 *       {@code service.port} with {@code portDiscovery} behind a gateway other than {@code mesh} or
 *       with delegation). Labels and annotations from {@code service.apex}, plus the Flux/Helm
 *       drift-detection opt-outs.</li>
 *   <li>Mirroring: {@code mirror: {host: <service>-canary}} on the weighted route, and
 *       {@code mirrorPercentage.value} = {@code analysis.mirrorWeight} when set.</li>
 *   <li>A/B ({@code analysis.match}): the A/B route first (each A/B match combined with each
 *       service match) with the weights, then the service route to the primary only.</li>
 *   <li>Session affinity: a route matching the canary cookie ({@code Cookie} header regex
 *       {@code .*<name>.*<value>.*}) to the canary only, then, with {@code primaryCookieName},
 *       one for the primary cookie to the primary only, then the weighted route, whose canary
 *       destination adds {@code Set-Cookie: <cookie>; Max-Age=<maxAge>...} (the primary's:
 *       {@code Max-Age} = the analysis interval). Back at weight 0, a route matching the previous
 *       cookie expires it ({@code Max-Age=-1}). The cookies are the ones in the Canary's status.</li>
 *   <li>{@code appProtocol: tcp}: one TCP route (L4 matches on {@code service.match[].port}) instead.</li>
 * </ul>
 * Spec fields of the VirtualService other than {@code hosts, gateways, http, tcp} (e.g.
 * {@code exportTo}) are kept. A VirtualService the router did not create is taken over: its spec
 * is kept in {@code flagger.kubernetes.io/original-configuration} (unless kubectl's
 * last-applied configuration has it) and restored by {@code revert} (revertOnDeletion); objects the
 * Canary created are deleted by {@code revert}.
 *
 * <h2>Writes and reads</h2>
 * Reads go through an {@link io.canarykit.k8s.ObjectCache} ({@link io.canarykit.istio.IstioCaches},
 * informers in the operator): an idle tick issues no request. A weight step is one JSON Patch of the
 * destination weights, each old weight tested; a new route layout (mirroring, sticky sessions) or a
 * drift repair is one PUT with the resourceVersion. After a 409 or a failed test the object is read
 * fresh and the write recomputed and sent once more.
 *
 * <h2>RBAC</h2>
 * {@code get, list, watch, create, update, patch, delete} on {@code networking.istio.io}
 * {@code virtualservices} and {@code destinationrules}.
 *
 * <h2>Refused at reconcile</h2>
 * As {@link io.canarykit.api.InvalidCanarySpecException} with the field path: hosts or gateways
 * with {@code delegation}; an A/B match without any condition; a string match setting zero or
 * several of exact/prefix/suffix/regex (headers, withoutHeaders and queryParams may be empty: presence);
 * prefix or suffix on a query parameter; {@code mirrorWeight} outside 0..100; session affinity
 * without {@code cookieName}; A/B, session affinity or mirroring with {@code appProtocol: tcp};
 * a {@code trafficPolicy} field Istio's TrafficPolicy does not have, a setting that is not an
 * object, {@code portLevelSettings} entries without {@code port}, an unknown
 * {@code loadBalancer.simple} or {@code tls.mode}, both {@code simple} and {@code consistentHash};
 * a port-naming destination without {@code service.port}.
 *
 * <h2>Differences from Flagger</h2>
 * <ul>
 *   <li>Drift repair keeps the split in force (Flagger too) and leaves spec fields it does not own
 *       and foreign labels and annotations in place (Flagger replaces the whole spec and metadata).</li>
 *   <li>The original configuration of a taken-over VirtualService is kept once; Flagger overwrites it
 *       with its own previous spec at every later repair.</li>
 *   <li>Merging A/B matches into service matches takes every condition the A/B match sets; Flagger
 *       takes only headers and sourceLabels, silently dropping e.g. queryParams or uri (the A/B
 *       route then matched every request of the service route).</li>
 *   <li>With session affinity, the mirror is set on the weighted route (Flagger sets it on the
 *       first route, the sticky one, where its own GetRoutes does not see it); the cookie-expiry
 *       route does not leak its {@code Set-Cookie} into {@code service.headers}; at weight 0 without
 *       a previous cookie there is one route, not two identical ones.</li>
 *   <li>Revert deletes the VirtualService and DestinationRules this Canary created (Flagger leaves
 *       them to garbage collection); with no VirtualService there is nothing to undo (Flagger's
 *       Finalize fails).</li>
 *   <li>A/B, session affinity and mirroring with {@code appProtocol: tcp} are refused (Flagger ignores
 *       them; TCP mirroring would never read back as mirrored and hold the run at the mirror stage).</li>
 * </ul>
 * As in Flagger, the Istio router ignores {@code service.mirror}, {@code gatewayRefs},
 * {@code backendTimeout} (Gateway API settings) and {@code rewrite.type} (Istio replaces a matched
 * prefix by itself).
 *
 * <p>fabric8's Istio model ({@code io.fabric8:istio-model-v1beta1}) does not resolve at the fabric8
 * version the project uses (7.8.0), so the objects are {@code GenericKubernetesResource}s whose spec is
 * rendered as a JSON tree by small typed builders in {@code internal}: no extra dependency, a small jar,
 * and fields the model would not know (newer Istio) survive a read-modify-write.
 */
@NullMarked
package io.canarykit.istio;

import org.jspecify.annotations.NullMarked;
