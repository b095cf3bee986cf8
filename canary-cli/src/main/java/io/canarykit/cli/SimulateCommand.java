package io.canarykit.cli;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.testkit.report.TimelineReport;
import io.canarykit.testkit.simulation.Scenario;
import io.canarykit.testkit.simulation.Simulation;
import io.canarykit.testkit.simulation.Timeline;
import io.canarykit.testkit.simulation.TimelineJson;
import io.canarykit.testkit.simulation.TimelineText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code canary simulate --canary FILE [--templates FILE...] [--scenario FILE] [--json] [--report FILE.html]}
 * (DESIGN §6): runs the real engine on a virtual clock and prints the timeline, one line per tick or
 * as JSON. Exit 0 when the canary was promoted, 1 when it failed, did not finish within
 * {@code maxTicks} or the manifests are invalid, 2 on a usage or I/O error. Standard output carries
 * only the timeline; problems go to standard error.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the canary was promoted (Succeeded)",
            "1:it was rolled back, did not finish within maxTicks, or a manifest is invalid",
            "2:usage error, unreadable file, or a scenario naming no metric or webhook of the canary"},
        description = "Runs a Canary through the real engine on a virtual clock against a scenario and prints the timeline.")
final class SimulateCommand extends CliCommand {

    @Option(names = "--canary", required = true, paramLabel = "FILE",
            description = "The Canary manifest (it may also hold MetricTemplates).")
    private Path canary;

    @Option(names = "--templates", arity = "1..*", paramLabel = "FILE", description = "MetricTemplate manifests.")
    private List<Path> templates = new ArrayList<>();

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "Scenario YAML: maxTicks, metrics, webhooks, canaryReady, primaryReady (all optional).")
    private @Nullable Path scenario;

    @Option(names = "--json", description = "Print the timeline as JSON.")
    private boolean json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a self-contained HTML report.")
    private @Nullable Path report;

    @Override
    protected int run(PrintWriter out, PrintWriter err) {
        List<Path> files = new ArrayList<>();
        files.add(canary);
        files.addAll(templates);
        ManifestFiles.Loaded loaded = ManifestFiles.load(files, err);
        if (!loaded.ok()) {
            return loaded.exitCode();
        }
        Scenario script;
        try {
            script = scenario == null ? Scenario.defaults() : Scenario.fromYaml(scenario);
        } catch (NoSuchFileException e) {
            err.println("canary: " + scenario + ": no such file");
            return CanaryCli.USAGE_OR_IO;
        } catch (IOException e) {
            err.println("canary: " + scenario + ": cannot read: " + e.getMessage());
            return CanaryCli.USAGE_OR_IO;
        } catch (IllegalArgumentException e) {
            err.println("canary: " + e.getMessage());
            return CanaryCli.USAGE_OR_IO;
        }
        Timeline timeline;
        try {
            timeline = Simulation.fromManifests(loaded.resources()).run(script);
        } catch (InvalidCanarySpecException e) {
            err.println(canary + ": " + e.getMessage());
            return CanaryCli.NEGATIVE;
        } catch (IllegalArgumentException e) {
            // The scenario names a metric or webhook the canary does not have: a mistake in the call, not a verdict.
            err.println("canary: " + (scenario == null ? "scenario" : scenario.toString()) + ": " + e.getMessage());
            return CanaryCli.USAGE_OR_IO;
        }
        // The report first: after exit 2, standard output must hold nothing that reads like a result.
        if (report != null) {
            try {
                TimelineReport.write(timeline, report);
            } catch (IOException e) {
                err.println("canary: " + report + ": cannot write the report: " + e.getMessage());
                return CanaryCli.USAGE_OR_IO;
            }
        }
        if (json) {
            out.println(TimelineJson.toJson(timeline));
        } else {
            timeline.ticks().forEach(t -> out.println(TimelineText.line(t, timeline.canary().analysis().thresholdOrDefault())));
            out.println(summary(timeline, script));
        }
        return timeline.result() == CanaryPhase.SUCCEEDED ? CanaryCli.OK : CanaryCli.NEGATIVE;
    }

    private static String summary(Timeline timeline, Scenario script) {
        if (!timeline.finished()) {
            return "result " + timeline.result().wireName() + ": not finished after " + script.maxTicks() + " ticks";
        }
        return "result " + timeline.result().wireName() + " after " + timeline.ticks().size() + " ticks ("
                + TimelineText.offset(timeline.duration()) + ")";
    }
}
