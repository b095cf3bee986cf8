package io.canarykit.cli;

import io.canarykit.api.model.CanaryResource;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.manifest.ReadResult;
import io.canarykit.core.validation.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the manifest files a command is given, printing problems the way {@code canary validate}
 * does, so every command reports a broken manifest alike.
 */
final class ManifestFiles {

    private ManifestFiles() {
    }

    /** What reading the files came to: their resources, or the exit code to stop with. */
    record Loaded(List<CanaryResource> resources, int exitCode) {

        boolean ok() {
            return exitCode == CanaryCli.OK;
        }
    }

    /** Reads and validates {@code files}: 2 when one cannot be read, 1 when one has an error. */
    static Loaded load(List<Path> files, PrintWriter err) {
        List<CanaryResource> resources = new ArrayList<>();
        boolean invalid = false;
        for (Path file : files) {
            Optional<ReadResult> read = read(file, err).map(ReadResult::validated);
            if (read.isEmpty()) {
                return new Loaded(List.of(), CanaryCli.USAGE_OR_IO);
            }
            invalid |= reportErrors(file, read.get(), err);
            resources.addAll(read.get().resources());
        }
        return new Loaded(resources, invalid ? CanaryCli.NEGATIVE : CanaryCli.OK);
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
        List<Violation> errors = new ArrayList<>(result.allViolations());
        errors.removeIf(v -> !v.isError());
        errors.forEach(v -> err.println(file + ": " + v));
        return !errors.isEmpty();
    }
}
