package io.canarykit.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A Prometheus {@code file_sd_configs} targets file that lists the demo's pods while the demo runs:
 * {@code [{"targets": ["127.0.0.1:p1", "127.0.0.1:p2"]}]}. The demo's ports are ephemeral, so a file
 * that Prometheus watches is how they reach it without the user editing its config per run. On close
 * the file lists no targets, so Prometheus stops scraping ports that no longer answer.
 *
 * <p>Every write goes to a sibling file that is then renamed over the target: Prometheus re-reads
 * the file on every change event and must never see it half-written.
 */
public final class ScrapeTargets implements AutoCloseable {

    private final Path file;

    private ScrapeTargets(Path file) {
        this.file = file;
    }

    /** Lists {@code targets} ({@code host:port}) in {@code file}, creating or replacing it. */
    public static ScrapeTargets write(Path file, List<String> targets) {
        Objects.requireNonNull(file, "file");
        ScrapeTargets written = new ScrapeTargets(file.toAbsolutePath());
        written.replace(json(targets));
        return written;
    }

    /** The file's JSON for {@code targets}. */
    static String json(List<String> targets) {
        return targets.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", ", "[{\"targets\": [", "]}]\n"));
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        replace("[]\n");
    }

    private void replace(String json) {
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Prometheus targets file " + file + ": " + e.getMessage(), e);
        }
    }
}
