package io.canarykit.cli;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.core.manifest.LoadedManifest;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.manifest.ReadResult;
import io.canarykit.core.validation.ManifestValidator;
import io.canarykit.core.validation.Violation;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code canary simulate --canary FILE [--templates FILE...] [--scenario FILE] [--json] [--report FILE.html]}
 * (DESIGN §6): runs the real engine on a virtual clock and prints the timeline, one line per tick or
 * as JSON. Exit 0 when the canary was promoted, 1 when it failed, did not finish within
 * {@code maxTicks} or the manifests are invalid, 2 on a usage or I/O error. Standard output carries
 * only the timeline; problems go to standard error.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Runs a Canary through the real engine on a virtual clock against a scenario and prints the timeline.")
final class SimulateCommand implements Callable<Integer> {

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

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(PrintWriter out, PrintWriter err) {
        List<CanaryResource> resources = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        files.add(canary);
        files.addAll(templates);
        boolean invalid = false;
        for (Path file : files) {
            Optional<ReadResult> read = read(file, err);
            if (read.isEmpty()) {
                return CanaryCli.USAGE_OR_IO;
            }
            invalid |= reportErrors(file, read.get(), err);
            resources.addAll(read.get().resources());
        }
        if (invalid) {
            return CanaryCli.NEGATIVE;
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
            timeline = Simulation.fromManifests(resources).run(script);
        } catch (InvalidCanarySpecException e) {
            err.println(canary + ": " + e.getMessage());
            return CanaryCli.NEGATIVE;
        }
        if (json) {
            out.println(TimelineJson.toJson(timeline));
        } else {
            timeline.ticks().forEach(t -> out.println(TimelineText.line(t, timeline.canary().analysis().thresholdOrDefault())));
            out.println(summary(timeline, script));
        }
        if (report != null) {
            try {
                TimelineReport.write(timeline, report);
            } catch (IOException e) {
                err.println("canary: " + report + ": cannot write the report: " + e.getMessage());
                return CanaryCli.USAGE_OR_IO;
            }
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

    private static Optional<ReadResult> read(Path file, PrintWriter err) {
        try {
            return Optional.of(ManifestReader.read(file));
        } catch (NoSuchFileException e) {
            err.println("canary: " + file + ": no such file");
        } catch (IOException e) {
            err.println("canary: " + file + ": cannot read: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Prints the file's errors as {@code canary validate} does; returns whether there were any. */
    private static boolean reportErrors(Path file, ReadResult result, PrintWriter err) {
        List<Violation> errors = new ArrayList<>(result.violations());
        for (LoadedManifest manifest : result.manifests()) {
            errors.addAll(manifest.violations());
            errors.addAll(ManifestValidator.validate(manifest.resource()));
        }
        errors.removeIf(v -> !v.isError());
        errors.forEach(v -> err.println(file + ": " + v));
        return !errors.isEmpty();
    }
}
