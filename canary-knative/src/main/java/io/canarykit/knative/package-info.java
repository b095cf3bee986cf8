/**
 * CanaryKit's Knative support, Flagger's {@code provider: knative}: a Canary whose
 * {@code targetRef} is a Knative Service ({@code apiVersion: serving.knative.dev/v1},
 * {@code kind: Service}) shifts traffic between two of the Service's own Revisions.
 *
 * <h2>What is written</h2>
 * Only the Knative Service, and only two fields of it (no Deployment, no Kubernetes Service, no
 * object of its own):
 * <ul>
 *   <li>the annotation {@code flagger.app/primary-revision}: the primary, i.e. the last promoted
 *       Revision (the latest created one when the canary initializes, the canary's revision at
 *       each promotion);</li>
 *   <li>{@code spec.traffic}: {@code [{latestRevision: true, percent: C}, {revisionName: <primary>,
 *       latestRevision: false, percent: 100-C}]}, C the canary weight. Knative sends
 *       {@code latestRevision} traffic to the latest ready revision: the canary.</li>
 * </ul>
 * Writes are JSON Patches that test the values they replace; with the operator's informers a
 * weight step is one PATCH and no GET. A new revision is detected from a change of
 * {@code spec.template} (its SHA-256, CanaryKit's revision hash); readiness comes from the
 * Revisions' {@code Ready} condition, with {@code progressDeadlineSeconds} counted from its last
 * transition.
 *
 * <h2>RBAC</h2>
 * {@code get, list, watch, patch} on {@code services.serving.knative.dev} and
 * {@code get, list, watch} on {@code revisions.serving.knative.dev} (see {@link io.canarykit.knative.KnativeOperator}).
 *
 * <h2>Differences from Flagger</h2>
 * <ul>
 *   <li>The split is read back from {@code spec.traffic}, not {@code status.traffic}: what was
 *       last written, not what Knative last applied.</li>
 *   <li>A new revision is seen when {@code spec.template} changes (Flagger waits for Knative's
 *       {@code latestCreatedRevisionName} to change); the canary counts as ready only once Knative
 *       has reconciled that change and the new revision is Ready. Reverting the template to the
 *       primary's content does not start a run.</li>
 *   <li>A revision that stays not ready past {@code progressDeadlineSeconds} (or that Knative
 *       marks {@code ProgressDeadlineExceeded}) rolls the canary back; Flagger waits forever.</li>
 *   <li>Promotion rewrites the annotation and the primary entry in one patch, keeping the split:
 *       both entries then name the promoted revision, which gets all traffic at once (Flagger's
 *       behaviour in effect, without its inconsistent block in between).</li>
 *   <li>revertOnDeletion also sends all traffic back to the latest revision; Flagger only removes
 *       the annotation, leaving the Service pinned to the old primary.</li>
 *   <li>{@code analysis.match}, {@code analysis.mirror}, {@code analysis.sessionAffinity} and
 *       {@code autoscalerRef} are refused with their field path; Flagger ignores the first three
 *       and refuses the last.</li>
 *   <li>No ConfigMap or Secret is tracked (as Flagger): change the template to start a run.</li>
 * </ul>
 */
@NullMarked
package io.canarykit.knative;

import org.jspecify.annotations.NullMarked;
