package io.canarykit.testkit;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TargetRevision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory workload: a target with a revision you can change ({@link #shipRevision}), scripted
 * readiness for primary and canary (one answer per check, the last repeats), and a record of what
 * the engine asked of it.
 */
public final class FakeTargetController implements TargetController {

    private String template = "v1";
    private String hashedTemplate = "";
    private String templateHash = "";
    private final Map<String, String> configs = new LinkedHashMap<>();
    private String primaryTemplate = "";
    private Script<Readiness> primaryReady = new Script<>(List.of(Readiness.READY));
    private Script<Readiness> canaryReady = new Script<>(List.of(Readiness.READY));
    private int canaryReplicas = 1;
    private int initializations;
    private int promotions;
    private int scaleUps;
    private int reverts;
    private Optional<String> metricsRoute = Optional.empty();

    /** Changes the target's pod template, which is a new revision (e.g. a new image). */
    public synchronized FakeTargetController shipRevision(String podTemplate) {
        template = podTemplate;
        return this;
    }

    /** Changes a tracked ConfigMap or Secret ({@code configmap/<name>} or {@code secret/<name>}). */
    public synchronized FakeTargetController changeConfig(String key, String checksum) {
        configs.put(key, checksum);
        return this;
    }

    /** Names the target's {@code {{ route }}} for metric templates, as a Knative Service names its revision. */
    public synchronized FakeTargetController metricsRoute(String route) {
        metricsRoute = Optional.of(route);
        return this;
    }

    @Override
    public synchronized Optional<String> metricsRoute(Canary canary) {
        return metricsRoute;
    }

    public synchronized FakeTargetController primaryReadiness(Readiness... answers) {
        primaryReady = new Script<>(List.of(answers));
        return this;
    }

    public synchronized FakeTargetController canaryReadiness(Readiness... answers) {
        canaryReady = new Script<>(List.of(answers));
        return this;
    }

    @Override
    public synchronized void initialize(Canary canary) {
        initializations++;
        if (primaryTemplate.isEmpty()) {
            primaryTemplate = template;
        }
    }

    @Override
    public synchronized Readiness isPrimaryReady(Canary canary) {
        return primaryReady.next();
    }

    @Override
    public synchronized Readiness isCanaryReady(Canary canary) {
        return canaryReady.next();
    }

    @Override
    public synchronized TargetRevision revision(Canary canary) {
        if (!template.equals(hashedTemplate)) {
            // The engine asks on every tick: hash each revision once, as a real controller reads it from the object.
            hashedTemplate = template;
            templateHash = hash(template);
        }
        return new TargetRevision(templateHash, configs);
    }

    @Override
    public synchronized void promote(Canary canary) {
        promotions++;
        primaryTemplate = template;
    }

    @Override
    public synchronized void scaleToZero(Canary canary) {
        canaryReplicas = 0;
    }

    @Override
    public synchronized void scaleFromZero(Canary canary) {
        scaleUps++;
        canaryReplicas = 1;
    }

    @Override
    public synchronized void revert(Canary canary) {
        reverts++;
    }

    /** The pod template the primary runs. */
    public synchronized String primaryTemplate() {
        return primaryTemplate;
    }

    public synchronized int canaryReplicas() {
        return canaryReplicas;
    }

    public synchronized int promotions() {
        return promotions;
    }

    public synchronized int initializations() {
        return initializations;
    }

    public synchronized int scaleUps() {
        return scaleUps;
    }

    public synchronized int reverts() {
        return reverts;
    }

    /** The revision hash the engine sees for {@code podTemplate}. */
    public static String hash(String podTemplate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(podTemplate.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
