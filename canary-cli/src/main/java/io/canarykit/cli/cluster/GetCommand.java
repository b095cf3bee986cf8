package io.canarykit.cli.cluster;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.cli.CanaryCli;
import io.canarykit.cli.cluster.CanaryWatch.Change;
import io.canarykit.k8s.CanaryResources;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code canary get [NAME] [-w]}: the canaries of a namespace (or all, {@code -A}) as a table, or
 * one canary in full; {@code -w} keeps watching. On a terminal the view is redrawn in place; into a
 * pipe or file each change is appended (a row per canary change, a line per new event), so a CI
 * log reads like {@code kubectl get -w}.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Show canaries: phase, weight, failed checks, the last value and verdict of every metric check, "
                + "the time to the next tick and, for one canary, its last events.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:shown (with -w --until-done: the canary Succeeded)",
            "1:the canary does not exist (with -w --until-done: it Failed)",
            "2:the API server cannot be reached or refuses (RBAC: get, list, watch on canaries and list on events)"})
public final class GetCommand extends ClusterCommand {

    private static final String CLEAR = "\033[H\033[2J";

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "One canary (default: all in the namespace).")
    private @Nullable String name;

    @Option(names = {"-A", "--all-namespaces"}, description = "Canaries of every namespace.")
    private boolean allNamespaces;

    @Option(names = {"-w", "--watch"}, description = "Keep watching: show every change until interrupted.")
    private boolean watch;

    @Option(names = "--until-done", description = "With -w and NAME: stop when the canary Succeeded (exit 0) or Failed (exit 1).")
    private boolean untilDone;

    @Option(names = "--json", description = "Print JSON (the schema is in docs/json-schema.md).")
    private boolean json;

    @Option(names = {"-o", "--output"}, paramLabel = "json|yaml", description = "Print JSON or YAML instead of the view.")
    private @Nullable String output;

    private final Clock clock = Clock.systemUTC();

    @Override
    protected String needs() {
        return watch ? "get, list and watch on canaries, and list on events" : "get and list on canaries, and list on events";
    }

    @Override
    protected int run(ClusterCanaries canaries, String namespace, PrintWriter out, PrintWriter err) throws InterruptedException {
        if (output != null && !output.equals("json") && !output.equals("yaml")) {
            err.println("canary get: -o must be json or yaml, got " + output);
            return CanaryCli.USAGE_OR_IO;
        }
        if (untilDone && (!watch || name == null)) {
            err.println("canary get: --until-done needs -w and a canary NAME");
            return CanaryCli.USAGE_OR_IO;
        }
        if (name != null && allNamespaces) {
            err.println("canary get: a NAME is looked up in one namespace; drop -A or the NAME");
            return CanaryCli.USAGE_OR_IO;
        }
        if (name == null) {
            Optional<String> scope = allNamespaces ? Optional.empty() : Optional.of(namespace);
            ClusterCanaries.Listed listed = canaries.listed(scope);
            printList(listed.canaries(), out, true);
            return watch ? watchList(canaries, scope, listed, out, err) : CanaryCli.OK;
        }
        Optional<Canary> canary = canaries.get(namespace, name);
        if (canary.isEmpty()) {
            err.println("canary get: canary " + name + " not found in namespace " + namespace);
            return CanaryCli.NEGATIVE;
        }
        List<Event> events = canaries.events(canary.get());
        printOne(canary.get(), events, out, true);
        if (!watch) {
            return CanaryCli.OK;
        }
        Optional<Integer> done = finished(canary.get());
        return done.isPresent() ? done.get() : watchOne(canaries, canary.get(), events, out, err);
    }

    private void printList(List<Canary> list, PrintWriter out, boolean first) {
        if (json || output != null) {
            out.println(CanaryJson.write(CanaryJson.all(list, clock.instant()), "yaml".equals(output)));
        } else if (list.isEmpty() && first) {
            out.println(allNamespaces ? "No canaries found." : "No canaries found in this namespace.");
        } else {
            List<String> table = CanaryView.table(list, allNamespaces, clock.instant());
            (first || terminal() ? table : table.subList(1, table.size())).forEach(out::println);
        }
        out.flush();
    }

    private void printOne(Canary canary, List<Event> events, PrintWriter out, boolean first) {
        if (json || output != null) {
            out.println(CanaryJson.write(CanaryJson.one(canary, events, clock.instant()), "yaml".equals(output)));
        } else if (first || terminal()) {
            CanaryView.detail(canary, events, clock.instant()).forEach(out::println);
        } else {
            List<String> row = CanaryView.table(List.of(canary), false, clock.instant());
            out.println(row.get(1));
        }
        out.flush();
    }

    private int watchList(ClusterCanaries canaries, Optional<String> scope, ClusterCanaries.Listed listed, PrintWriter out,
            PrintWriter err) throws InterruptedException {
        BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        Map<String, String> shown = new HashMap<>();
        listed.canaries().forEach(c -> shown.put(c.metadata().key(), Objects.requireNonNullElse(c.metadata().resourceVersion(), "")));
        try (Watch ignored = CanaryWatch.list(canaries, scope, listed.resourceVersion(), changes)) {
            while (true) {
                Change change = changes.take();
                if (change.closed() != null) {
                    err.println("canary get: the watch ended: " + change.closed());
                    return CanaryCli.USAGE_OR_IO;
                }
                Canary changed = CanaryResources.toCanary(Objects.requireNonNull(change.resource()));
                String version = Objects.requireNonNullElse(changed.metadata().resourceVersion(), "");
                if (version.equals(shown.put(changed.metadata().key(), version))) {
                    continue;
                }
                if (terminal()) {
                    out.print(CLEAR);
                    printList(canaries.list(scope), out, true);
                } else {
                    printList(List.of(changed), out, false);
                }
            }
        }
    }

    private int watchOne(ClusterCanaries canaries, Canary initial, List<Event> initialEvents, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        Set<String> seen = new HashSet<>();
        initialEvents.forEach(e -> seen.add(eventKey(e)));
        @Nullable String shown = initial.metadata().resourceVersion();
        // From the version shown: the watch then reports changes only, not the canary as it already is.
        try (Watch ignored = CanaryWatch.one(canaries, initial.namespace(), initial.name(),
                Objects.requireNonNullElse(initial.metadata().resourceVersion(), "0"), changes)) {
            while (true) {
                Change change = changes.take();
                if (change.closed() != null) {
                    err.println("canary get: the watch ended: " + change.closed());
                    return CanaryCli.USAGE_OR_IO;
                }
                if (change.action() == Watcher.Action.DELETED) {
                    err.println("canary get: canary " + initial.name() + " was deleted");
                    return CanaryCli.NEGATIVE;
                }
                Canary canary = CanaryResources.toCanary(Objects.requireNonNull(change.resource()));
                if (Objects.equals(canary.metadata().resourceVersion(), shown)) {
                    // The version already on screen (a server that replays the current state when a watch opens).
                    continue;
                }
                shown = canary.metadata().resourceVersion();
                List<Event> events = canaries.events(canary);
                if (terminal()) {
                    out.print(CLEAR);
                    printOne(canary, events, out, true);
                } else {
                    printOne(canary, events, out, false);
                    if (!json && output == null) {
                        events.stream().filter(e -> seen.add(eventKey(e))).forEach(e -> out.println("  event: "
                                + Optional.ofNullable(e.getType()).orElse("") + "  " + e.getMessage()));
                        out.flush();
                    }
                }
                Optional<Integer> done = finished(canary);
                if (done.isPresent()) {
                    return done.get();
                }
            }
        }
    }

    /** With {@code --until-done}: the exit code once the canary's run has ended. */
    private Optional<Integer> finished(Canary canary) {
        if (!untilDone) {
            return Optional.empty();
        }
        CanaryPhase phase = canary.status().phase();
        if (phase == CanaryPhase.SUCCEEDED) {
            return Optional.of(CanaryCli.OK);
        }
        return phase == CanaryPhase.FAILED ? Optional.of(CanaryCli.NEGATIVE) : Optional.empty();
    }

    /** An event is new when its name or count is: the operator counts repeats of one event up. */
    private static String eventKey(Event e) {
        return e.getMetadata().getName() + "#" + e.getCount();
    }

    private static boolean terminal() {
        return System.console() != null;
    }
}
