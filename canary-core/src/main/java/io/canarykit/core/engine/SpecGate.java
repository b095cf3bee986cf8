package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryCondition;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.core.validation.BuildCapabilities;
import io.canarykit.core.validation.CanaryValidator;
import io.canarykit.core.validation.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the engine from acting on a Canary the validator rejects (a check that can never fail, a
 * negative step weight): the tick does nothing but record why, in an {@value #INVALID_SPEC}
 * condition (Argo Rollouts' name for it) and a Warning event, and the canary stays where it is
 * until the spec is fixed. Validation results are cached per spec, since the same spec is ticked
 * over and over.
 */
final class SpecGate {

    static final String INVALID_SPEC = "InvalidSpec";
    /** Enough for a large fleet; past it the cache starts over rather than growing without bound. */
    private static final int MAX_CACHED = 4096;

    private record Key(String name, CanarySpec spec) {
    }

    private final Map<Key, List<String>> errors = new ConcurrentHashMap<>();
    private final BuildCapabilities registered;

    /** @param registered the engine's providers and routers: valid names, whether or not Flagger knows them */
    SpecGate(BuildCapabilities registered) {
        this.registered = registered;
    }

    /** The canary's validation errors as {@code <field path>: <message>}; empty when it may run. */
    List<String> errors(Canary canary) {
        Key key = new Key(canary.name(), canary.spec());
        List<String> cached = errors.get(key);
        if (cached != null) {
            return cached;
        }
        if (errors.size() >= MAX_CACHED) {
            errors.clear();
        }
        List<String> found = CanaryValidator.validate(canary, registered).stream().filter(Violation::isError).map(Violation::toString)
                .toList();
        errors.put(key, found);
        return found;
    }

    /** The conditions with the InvalidSpec condition set to {@code errors}, or removed when there are none. */
    static List<CanaryCondition> conditions(List<CanaryCondition> conditions, List<String> errors, Instant now) {
        @Nullable CanaryCondition found = null;
        for (CanaryCondition c : conditions) {
            if (c.type().equals(INVALID_SPEC)) {
                found = c;
                break;
            }
        }
        if (errors.isEmpty() && found == null) {
            // The common case, every tick of a valid canary: nothing to build.
            return conditions;
        }
        Optional<CanaryCondition> current = Optional.ofNullable(found);
        String message = message(errors);
        if (!errors.isEmpty() && current.map(c -> message.equals(c.message())).orElse(false)) {
            return conditions;
        }
        List<CanaryCondition> updated = new ArrayList<>();
        conditions.stream().filter(c -> !c.type().equals(INVALID_SPEC)).forEach(updated::add);
        if (!errors.isEmpty()) {
            Instant since = current.map(CanaryCondition::lastTransitionTime).orElse(now);
            updated.add(new CanaryCondition(INVALID_SPEC, "True", now, since, INVALID_SPEC, message));
        }
        return updated;
    }

    static String message(List<String> errors) {
        return "The canary spec is invalid, nothing is done until it is fixed: " + String.join("; ", errors);
    }
}
