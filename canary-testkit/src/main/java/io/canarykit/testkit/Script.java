package io.canarykit.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A sequence of answers, consumed one per call; the last answer repeats forever. Thread-safe. */
final class Script<T> {

    private final List<T> answers;
    private int next;

    Script(List<T> answers) {
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("a script needs at least one answer");
        }
        this.answers = new ArrayList<>(answers);
        answers.forEach(a -> Objects.requireNonNull(a, "answer"));
    }

    synchronized T next() {
        T answer = answers.get(Math.min(next, answers.size() - 1));
        next++;
        return answer;
    }

    synchronized int calls() {
        return next;
    }
}
