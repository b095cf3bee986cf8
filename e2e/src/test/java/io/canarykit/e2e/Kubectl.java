package io.canarykit.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl (built from the same Kubernetes tree as the server), run as a user would run it. */
final class Kubectl {

    private final Path binary;
    private final Path kubeconfig;

    Kubectl(Path binary, Path kubeconfig) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
    }

    /** Runs {@code kubectl args...}; fails with its output unless it exits 0. */
    String run(String... args) {
        Result result = tryRun(null, args);
        if (result.exit() != 0) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + result.exit() + ":\n" + result.output());
        }
        return result.output();
    }

    /** Runs {@code kubectl args...} with {@code stdin}; fails unless it exits 0. */
    String runWithInput(String stdin, String... args) {
        Result result = tryRun(stdin, args);
        if (result.exit() != 0) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + result.exit() + ":\n" + result.output());
        }
        return result.output();
    }

    /** Runs {@code kubectl args...}, whatever its exit status. */
    Result tryRun(String stdin, String... args) {
        try {
            Process process = builder(args).redirectErrorStream(true).start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts {@code kubectl args...} (a {@code -w} watch) writing stdout and stderr to {@code transcript}. */
    Process background(Path transcript, String... args) {
        try {
            return builder(args).redirectErrorStream(true).redirectOutput(transcript.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        return builder;
    }

    record Result(int exit, String output) {
    }
}
