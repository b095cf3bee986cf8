package io.canarykit.core.engine;

import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.DeploymentStrategy;
import io.canarykit.api.model.HttpMatchRequest;
import java.util.List;

/** Picks the tick's {@link Strategy} from the effective analysis and the provider. */
final class Strategies {

    private final TickReporter report;
    private final ProgressiveCanary canary;
    private final AbTesting abTesting;
    private final BlueGreen blueGreen;
    private final BlueGreen blueGreenWithoutRouting;
    private final BlueGreenMirroring mirroring;

    Strategies(TickReporter report, Approvals approvals, Rollouts rollouts, RouteWriter routes) {
        this.report = report;
        this.canary = new ProgressiveCanary(approvals, rollouts, routes, report);
        this.abTesting = new AbTesting(approvals, rollouts, routes);
        this.blueGreen = new BlueGreen(approvals, rollouts, routes, report, true);
        this.blueGreenWithoutRouting = new BlueGreen(approvals, rollouts, routes, report, false);
        this.mirroring = new BlueGreenMirroring(approvals, rollouts, routes, report);
    }

    Strategy choose(TickContext t, CanaryAnalysis effective) {
        DeploymentStrategy strategy = effective.strategy();
        if (strategy == DeploymentStrategy.AB_TESTING) {
            return abTesting;
        }
        if (strategy == DeploymentStrategy.BLUE_GREEN) {
            if (CanaryEngine.KUBERNETES_PROVIDER.equals(t.provider)) {
                return blueGreenWithoutRouting;
            }
            return effective.isMirror() ? mirroring : blueGreen;
        }
        return canary;
    }

    /** The kubernetes provider cannot shift weights or match requests: it runs blue/green (10 iterations by default). */
    CanaryAnalysis effectiveAnalysis(TickContext t) {
        CanaryAnalysis a = t.canary.analysis();
        if (!CanaryEngine.KUBERNETES_PROVIDER.equals(t.provider)) {
            return a;
        }
        List<HttpMatchRequest> match = a.match();
        if (!match.isEmpty()) {
            report.warn(t, "A/B testing is not supported when using the kubernetes provider");
            match = List.of();
        }
        Integer iterations = a.iterations();
        if (a.iterationsOrZero() < 1) {
            report.warn(t, "Progressive traffic is not supported when using the kubernetes provider");
            report.warn(t, "Setting canaryAnalysis.iterations: 10");
            iterations = 10;
        }
        return new CanaryAnalysis(a.interval(), iterations, a.mirror(), a.mirrorWeight(), a.maxWeight(), a.stepWeight(),
                a.stepWeights(), a.stepWeightPromotion(), a.threshold(), a.primaryReadyThreshold(), a.canaryReadyThreshold(),
                a.alerts(), a.metrics(), a.webhooks(), match, a.sessionAffinity(), a.thresholdMode());
    }
}
