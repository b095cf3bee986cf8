package io.canarykit.core.validation;

import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * One named check of a resource. Rules are small and independent so that each can be read, tested
 * and listed on its own; a validator is just a list of them.
 *
 * @param <T> the checked resource (Canary, MetricTemplate, AlertProvider)
 */
public interface ValidationRule<T> {

    /** A short stable name, e.g. {@code analysis-step-weight}. */
    String name();

    /** Adds every problem of {@code subject} this rule knows about to {@code out}. */
    void check(T subject, Findings out);

    /** Runs this rule alone. */
    default List<Violation> apply(T subject) {
        Findings findings = new Findings();
        check(subject, findings);
        return findings.list();
    }

    static <T> ValidationRule<T> of(String name, BiConsumer<T, Findings> check) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
        return new ValidationRule<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void check(T subject, Findings out) {
                check.accept(subject, out);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
