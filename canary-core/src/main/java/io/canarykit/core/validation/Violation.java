package io.canarykit.core.validation;

import io.canarykit.api.Redaction;
import java.util.Objects;

/**
 * One problem found in a manifest: where ({@code spec.analysis.stepWeight}), what
 * ({@code must be between 1 and 100, got 0}) and how bad.
 *
 * @param path     the field path, dotted with {@code [i]} for list entries; for problems that have no
 *                 field (a YAML syntax error) a location such as {@code line 3, column 7}
 * @param message  a lower-case reason that quotes the offending value
 * @param severity {@link Severity#ERROR} makes the manifest invalid, {@link Severity#WARNING} does not
 */
public record Violation(String path, String message, Severity severity) {

    /** How bad a violation is. */
    public enum Severity {
        /** The manifest is invalid. */
        ERROR,
        /** The manifest is valid, but probably not what the author meant. */
        WARNING
    }

    /**
     * Path and message are made printable on one line: they quote what the user wrote, and a key
     * or value with a line break, a terminal escape or a right-to-left override would otherwise
     * break {@code canary validate}'s one-violation-per-line output or disguise it. A message that
     * quotes a URL quotes it redacted: validation output goes to CI logs.
     */
    public Violation {
        path = Printable.oneLine(Redaction.text(Objects.requireNonNull(path, "path")));
        message = Printable.oneLine(Redaction.text(Objects.requireNonNull(message, "message")));
        Objects.requireNonNull(severity, "severity");
    }

    public static Violation error(String path, String message) {
        return new Violation(path, message, Severity.ERROR);
    }

    public static Violation warning(String path, String message) {
        return new Violation(path, message, Severity.WARNING);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code path: message}, with {@code warning: } before the message of a warning. */
    @Override
    public String toString() {
        return path + ": " + (isError() ? "" : "warning: ") + message;
    }
}
