package io.canarykit.demo.operator;

import static io.canarykit.cli.CanaryCli.NEGATIVE;
import static io.canarykit.cli.CanaryCli.OK;
import static io.canarykit.cli.CanaryCli.USAGE_OR_IO;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.cli.CliCommand;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code canary operator-demo [--provider kubernetes|gatewayapi|nginx|istio|linkerd|knative] [--scenario good|bad] [--json]}
 * (DESIGN §6): the real operator against an in-process Kubernetes API on virtual time. Exit 0 when
 * the canary ends Succeeded, 1 when it ends Failed (or does not finish), 2 on a usage error or
 * when the in-process API cannot run.
 */
@Command(name = "operator-demo", mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the canary was promoted",
            "1:it was rolled back or did not finish",
            "2:usage error, or the in-process API cannot run"},
        description = {
            "Runs the real CanaryKit operator against an in-process Kubernetes API (fabric8's mock server in CRUD mode) "
                + "on virtual time: creates a Deployment (and, for nginx, its Ingress) and the reference Canary and MetricTemplate (examples/manifests/web.yaml: "
                + "stepWeight 10, maxWeight 50, threshold 3; interval 10s), plays the Deployment controller (and the gateway "
                + "controller for gatewayapi), ships a new image and prints the phase timeline with the API requests the operator "
                + "sent in each tick.",
            "Weights are read back from the cluster. gatewayapi: the HTTPRoute's weighted rule. nginx: the canary-weight "
                + "annotation of the canary Ingress (web-canary). istio: the VirtualService's weighted route. linkerd: the SMI "
                + "TrafficSplit's backends. knative: the Knative Service's traffic block by revision (the demo plays Knative "
                + "Serving, and the Canary targets a Knative Service). kubernetes: the apex Service "
                + "always selects the primary and traffic never shifts (Flagger's NopRouter); the analysis runs as blue/green "
                + "iterations against the canary Service, so the weights shown are canary 100 once an iteration has started, "
                + "else 0.",
            "--json prints the timeline in simulate's schema, each tick with \"apiRequests\" (GET, POST, PUT, PATCH, DELETE) "
                + "and, for gatewayapi, \"httpRoute\" (backend to weight), for nginx, \"ingress\" (the canary Ingress's "
                + "nginx.ingress.kubernetes.io/* annotations as the API server stores them), for istio, \"virtualService\" (destination host to "
                + "weight), for linkerd, \"trafficSplit\" (backend Service to weight), for knative, \"knativeTraffic\" "
                + "(latest or the pinned revision to percent)."})
public final class OperatorDemoCommand extends CliCommand {

    /** fabric8 warns once per kind that {@code flagger.app/v1beta1} is not a stable version: true, and Flagger's API. */
    private static final String VERSION_WARNINGS = "org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils";

    @Option(names = "--provider", paramLabel = "kubernetes|gatewayapi|nginx|istio|linkerd|knative", defaultValue = "gatewayapi",
            description = "The Canary's spec.provider. Default: ${DEFAULT-VALUE}.")
    private String provider = "gatewayapi";

    @Option(names = "--scenario", paramLabel = "good|bad", defaultValue = "good",
            description = "good: the error rate stays at 0.5%% and the canary is promoted; bad: 20%% from the second check on, "
                    + "three failed checks roll it back. Default: ${DEFAULT-VALUE}.")
    private String scenario = "good";

    @Option(names = "--json", description = "Print the timeline as JSON (the simulate schema plus apiRequests per tick).")
    private boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        if (System.getProperty(VERSION_WARNINGS) == null) {
            System.setProperty(VERSION_WARNINGS, "error");
        }
        Optional<DemoProvider> chosenProvider = DemoProvider.parse(provider);
        Optional<DemoScenario> chosenScenario = DemoScenario.parse(scenario);
        if (chosenProvider.isEmpty()) {
            err.println("canary operator-demo: --provider must be one of " + DemoProvider.ids() + ", got " + provider);
            return USAGE_OR_IO;
        }
        if (chosenScenario.isEmpty()) {
            err.println("canary operator-demo: --scenario must be good or bad, got " + scenario);
            return USAGE_OR_IO;
        }
        DemoManifests manifests = new DemoManifests(chosenProvider.get());
        int threshold = manifests.reference().analysis().thresholdOrDefault();
        if (!json) {
            out.println("canary operator-demo: " + manifests.namespace() + "/" + manifests.reference().name()
                    + " (examples/manifests/web.yaml, interval " + DemoManifests.INTERVAL.toSeconds() + "s), provider "
                    + chosenProvider.get().id() + ", scenario " + chosenScenario.get().id()
                    + "; the operator runs against an in-process Kubernetes API (fabric8 mock server, CRUD mode)");
            out.flush();
        }
        OperatorDemoRun.Listener listener = new OperatorDemoRun.Listener() {
            @Override
            public void onTick(DemoTick tick) {
                if (!json) {
                    out.println(OperatorDemoOutput.tickLine(tick, threshold));
                    out.flush();
                }
            }

            @Override
            public void onNote(String note) {
                if (!json) {
                    out.println("-- " + note);
                    out.flush();
                }
            }
        };
        OperatorDemoResult result;
        try {
            result = new OperatorDemoRun(chosenProvider.get(), chosenScenario.get(), listener).run();
        } catch (IllegalStateException | KubernetesClientException e) {
            err.println("canary operator-demo: " + e.getMessage());
            return USAGE_OR_IO;
        }
        if (json) {
            out.println(OperatorDemoOutput.json(result));
        } else {
            OperatorDemoOutput.summary(result).forEach(out::println);
        }
        return result.result() == CanaryPhase.SUCCEEDED ? OK : NEGATIVE;
    }
}
