package io.canarykit.testkit.simulation;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.validation.ManifestValidator;
import io.canarykit.core.validation.Violation;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingTrafficRouter;
import io.canarykit.testkit.ScriptedWebhookClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Runs a Canary through the real {@link CanaryEngine} on a virtual clock (DESIGN §6): the canary is
 * initialized, a new revision is shipped at t=0, then the engine ticks once per
 * {@code rescheduleAfter} until the canary Succeeded or Failed with no scenario change due later
 * (another revision, a config change), or {@link Scenario#maxTicks()} ran out. Before each tick the
 * scenario's changes for that tick are applied. Every run starts from fresh fakes, so one simulation
 * can run many scenarios.
 *
 * <pre>{@code
 * Timeline timeline = Simulation.fromYaml(Path.of("deploy/canary.yaml"))
 *         .run(Scenario.defaults().metric("error-rate", 0.5, 20));
 * }</pre>
 */
public final class Simulation {

    /** Where the virtual clock starts; any fixed instant keeps runs reproducible. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final long SEED = 7;

    private final Canary canary;
    private final List<MetricTemplate> templates;

    private Simulation(Canary canary, List<MetricTemplate> templates) {
        this.canary = Objects.requireNonNull(canary, "canary");
        this.templates = List.copyOf(templates);
    }

    /**
     * A canary built in code, with its templates.
     *
     * @throws InvalidCanarySpecException when a resource does not validate, as {@code canary validate} would say
     */
    public static Simulation of(Canary canary, MetricTemplate... templates) {
        return of(canary, List.of(templates));
    }

    /**
     * A canary built in code, with its templates.
     *
     * @throws InvalidCanarySpecException when a resource does not validate, as {@code canary validate} would say
     */
    public static Simulation of(Canary canary, List<MetricTemplate> templates) {
        Objects.requireNonNull(canary, "canary");
        List<CanaryResource> all = new ArrayList<>();
        all.add(canary);
        all.addAll(templates);
        // The same rules as canary validate and the CLI: a canary with stepWeight -10 is refused with the
        // field named, instead of being run for maxTicks ticks that can only end in confusion.
        validate(all);
        return new Simulation(canary, templates);
    }

    /**
     * The one Canary among {@code resources} with every MetricTemplate among them.
     *
     * @throws InvalidCanarySpecException when there is not exactly one Canary, or a resource does not
     *         validate (every error listed as {@code <field path>: <message>})
     */
    public static Simulation fromManifests(List<? extends CanaryResource> resources) {
        List<Canary> canaries = resources.stream().filter(Canary.class::isInstance).map(Canary.class::cast).toList();
        if (canaries.size() != 1) {
            String problem = "expected exactly one Canary, found " + canaries.size();
            throw new InvalidCanarySpecException(problem, List.of(problem));
        }
        List<MetricTemplate> templates = resources.stream().filter(MetricTemplate.class::isInstance)
                .map(MetricTemplate.class::cast).toList();
        validate(resources);
        return new Simulation(canaries.get(0), templates);
    }

    private static void validate(List<? extends CanaryResource> resources) {
        List<String> errors = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (CanaryResource resource : resources) {
            List<String> found = ManifestValidator.validate(resource).stream().filter(Violation::isError)
                    .map(Violation::toString).toList();
            if (!found.isEmpty()) {
                invalid.add(resource.kind() + " " + resource.metadata().namespaceOrDefault() + "/" + resource.metadata().name());
                errors.addAll(found);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidCanarySpecException("invalid " + String.join(", ", invalid) + ": " + String.join("; ", errors), errors);
        }
    }

    /**
     * Reads manifest files (YAML or JSON, multi-document): one Canary and any MetricTemplates.
     *
     * @throws InvalidCanarySpecException when a file has errors or there is not exactly one Canary
     */
    public static Simulation fromYaml(Path... files) throws IOException {
        List<CanaryResource> resources = new ArrayList<>();
        for (Path file : files) {
            // Reading and validation findings together, exactly as canary validate reports them.
            resources.addAll(ManifestReader.read(file).validated().resourcesOrThrow());
        }
        return fromManifests(resources);
    }

    public Canary canary() {
        return canary;
    }

    public List<MetricTemplate> templates() {
        return templates;
    }

    /** Runs with every metric passing, every hook approving and everything ready. */
    public Timeline run() {
        return run(Scenario.defaults());
    }

    /**
     * Runs {@code scenario} against this canary.
     *
     * @throws IllegalArgumentException when the scenario scripts a metric or webhook the canary does
     *         not have: a misspelt name would otherwise never be asked for, and the run would quietly
     *         pass with defaults
     */
    public Timeline run(Scenario scenario) {
        Objects.requireNonNull(scenario, "scenario");
        ScenarioNames.check(scenario, canary);
        MutableClock clock = new MutableClock(START);
        RecordingTrafficRouter router = new RecordingTrafficRouter();
        SimulatedTarget target = new SimulatedTarget(scenario);
        ScenarioMetrics metrics = new ScenarioMetrics(canary, templates, scenario, clock::instant);
        ScriptedWebhookClient webhooks = new ScriptedWebhookClient();
        scenario.webhooks().forEach((hook, statuses) -> webhooks.respond(hook, statuses.toArray(Integer[]::new)));
        MetricProviderRegistry.Builder providers = MetricProviderRegistry.builder();
        metrics.types().forEach(type -> providers.register(type, metrics.provider(type)));
        CanaryEngine engine = CanaryEngine.builder()
                .clock(clock)
                .trafficRouter(router)
                .trafficRouter(CanaryEngine.KUBERNETES_PROVIDER, TrafficRouter.NOOP)
                .targetController(target)
                .metricProviders(providers.build())
                .builtinMetrics(new SimulatedBuiltins())
                .store(new InMemoryCanaryStore().applyAll(templates))
                .webhookClient(webhooks)
                .random(new SplittableRandom(SEED))
                .build();
        boolean kubernetes = CanaryEngine.KUBERNETES_PROVIDER.equals(canary.spec().providerOr(CanaryEngine.DEFAULT_PROVIDER));

        // Initialization happens before t=0; then the user ships a new revision (SimulatedTarget.tick(0)).
        Canary current = engine.tick(canary).canary();
        Instant zero = clock.instant();
        List<Tick> ticks = new ArrayList<>(Math.min(scenario.maxTicks(), 256));
        for (int i = 0; i < scenario.maxTicks(); i++) {
            target.tick(i);
            current = ScenarioSpec.apply(current, scenario, i);
            metrics.startTick();
            TickResult result = engine.tick(current);
            current = result.canary();
            Routes routes = kubernetes ? TrafficRouter.NOOP.routes(current) : router.current();
            CanaryPhase phase = current.status().phase() == null ? CanaryPhase.INITIALIZING : current.status().phase();
            ticks.add(new Tick(i, Duration.between(zero, clock.instant()), phase, routes.canaryWeight(), routes.primaryWeight(),
                    routes.mirrored(), current.status().failedChecks(), current.status().iterations(), result.checks(),
                    result.webhooks(), result.events(), target.state()));
            if ((phase == CanaryPhase.SUCCEEDED || phase == CanaryPhase.FAILED) && !scenario.changesAfter(i)) {
                break;
            }
            clock.add(result.rescheduleAfter());
        }
        return new Timeline(current, ticks);
    }
}
