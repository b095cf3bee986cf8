package io.canarykit.core.validation;

import java.util.ArrayList;
import java.util.List;

/** The violations a validation run collects; rules only ever add to it. */
public final class Findings {

    private final List<Violation> violations = new ArrayList<>();

    public void error(String path, String message) {
        violations.add(Violation.error(path, message));
    }

    public void warning(String path, String message) {
        violations.add(Violation.warning(path, message));
    }

    public void add(Violation violation) {
        violations.add(violation);
    }

    public List<Violation> list() {
        return List.copyOf(violations);
    }

    /** Adds a violation of a severity chosen by the caller ({@code findings::error} or {@code findings::warning}). */
    @FunctionalInterface
    public interface Reporter {
        void report(String path, String message);
    }
}
