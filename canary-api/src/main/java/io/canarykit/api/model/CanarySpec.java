package io.canarykit.api.model;

import io.canarykit.api.Redaction;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** {@code spec} of a Canary ({@code flagger.app/v1beta1}). */
public record CanarySpec(
        @Nullable String provider,
        @Nullable String metricsServer,
        LocalObjectReference targetRef,
        @Nullable AutoscalerRef autoscalerRef,
        @Nullable LocalObjectReference ingressRef,
        @Nullable LocalObjectReference routeRef,
        @Nullable CrossNamespaceObjectReference upstreamRef,
        CanaryService service,
        @Nullable CanaryAnalysis analysis,
        @Nullable CanaryAnalysis canaryAnalysis,
        @Nullable Integer progressDeadlineSeconds,
        @Nullable Boolean skipAnalysis,
        @Nullable Boolean revertOnDeletion,
        @Nullable Boolean suspend) {

    public static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
    public static final String PRIMARY_SUFFIX = "-primary";
    public static final String CANARY_SUFFIX = "-canary";

    public CanarySpec {
        targetRef = targetRef == null ? LocalObjectReference.EMPTY : targetRef;
        service = service == null ? CanaryService.EMPTY : service;
    }

    /** {@code metricsServer} may carry {@code user:password@}: printed redacted, the rest as a record prints. */
    @Override
    public String toString() {
        return "CanarySpec[provider=" + provider + ", metricsServer=" + Redaction.url(metricsServer) + ", targetRef=" + targetRef
                + ", autoscalerRef=" + autoscalerRef + ", ingressRef=" + ingressRef + ", routeRef=" + routeRef
                + ", upstreamRef=" + upstreamRef + ", service=" + service + ", analysis=" + analysis + ", canaryAnalysis="
                + canaryAnalysis + ", progressDeadlineSeconds=" + progressDeadlineSeconds + ", skipAnalysis=" + skipAnalysis
                + ", revertOnDeletion=" + revertOnDeletion + ", suspend=" + suspend + "]";
    }

    /** The same spec with builtin and inline metrics queried at {@code address}. */
    public CanarySpec withMetricsServer(String address) {
        return new CanarySpec(provider, address, targetRef, autoscalerRef, ingressRef, routeRef, upstreamRef, service, analysis,
                canaryAnalysis, progressDeadlineSeconds, skipAnalysis, revertOnDeletion, suspend);
    }

    /** The same spec for another target (workload) name. */
    public CanarySpec withTargetRef(LocalObjectReference target) {
        return new CanarySpec(provider, metricsServer, target, autoscalerRef, ingressRef, routeRef, upstreamRef, service, analysis,
                canaryAnalysis, progressDeadlineSeconds, skipAnalysis, revertOnDeletion, suspend);
    }

    /** The same spec suspended ({@code canary pause}) or not ({@code canary resume}). */
    public CanarySpec withSuspend(boolean suspended) {
        return new CanarySpec(provider, metricsServer, targetRef, autoscalerRef, ingressRef, routeRef, upstreamRef, service, analysis,
                canaryAnalysis, progressDeadlineSeconds, skipAnalysis, revertOnDeletion, suspended);
    }

    /** {@code analysis}, else the deprecated {@code canaryAnalysis}, else an empty analysis. */
    public CanaryAnalysis analysisOrDefault() {
        if (analysis != null) {
            return analysis;
        }
        return canaryAnalysis != null ? canaryAnalysis : CanaryAnalysis.EMPTY;
    }

    /** True when {@code skipAnalysis} is set or there is no analysis at all (as Flagger). */
    public boolean isSkipAnalysis() {
        return Boolean.TRUE.equals(skipAnalysis) || (analysis == null && canaryAnalysis == null);
    }

    public boolean isSuspended() {
        return Boolean.TRUE.equals(suspend);
    }

    public boolean isRevertOnDeletion() {
        return Boolean.TRUE.equals(revertOnDeletion);
    }

    public Duration progressDeadline() {
        return Duration.ofSeconds(progressDeadlineSeconds == null ? DEFAULT_PROGRESS_DEADLINE_SECONDS : progressDeadlineSeconds);
    }

    /** The apex Service name: {@code service.name}, else the target's name. */
    public String serviceName() {
        String name = service.name();
        return name == null || name.isEmpty() ? targetRef.name() : name;
    }

    public String primaryServiceName() {
        return serviceName() + PRIMARY_SUFFIX;
    }

    public String canaryServiceName() {
        return serviceName() + CANARY_SUFFIX;
    }

    /** The primary workload's name, {@code <target>-primary}. */
    public String primaryTargetName() {
        return targetRef.name() + PRIMARY_SUFFIX;
    }

    /** The provider in effect: {@code spec.provider}, else {@code controllerDefault}. */
    public String providerOr(String controllerDefault) {
        return provider == null || provider.isEmpty() ? controllerDefault : provider;
    }
}
