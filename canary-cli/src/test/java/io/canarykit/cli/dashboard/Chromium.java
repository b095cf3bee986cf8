package io.canarykit.cli.dashboard;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium with the DevTools protocol on a free port, found on the PATH as the testkit's
 * report test finds it: skipped when missing, unless {@code CANARYKIT_REQUIRE_CHROMIUM=true} (CI),
 * where a missing browser fails the build.
 */
final class Chromium implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final DevTools page;
    private final Path profile;

    private Chromium(Process process, DevTools page, Path profile) {
        this.profile = profile;
        this.process = process;
        this.page = page;
    }

    /** The browser, or the test is skipped (failed with {@code CANARYKIT_REQUIRE_CHROMIUM=true}). */
    static Path find() {
        Optional<Path> found = CANDIDATES.stream()
                .flatMap(name -> Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).map(d -> Path.of(d, name)))
                .filter(Files::isExecutable).findFirst();
        if (found.isEmpty() && "true".equals(System.getenv("CANARYKIT_REQUIRE_CHROMIUM"))) {
            fail("CANARYKIT_REQUIRE_CHROMIUM=true but no chromium on PATH (apt-get install -y --no-install-recommends chromium)");
        }
        Assumptions.assumeTrue(found.isPresent(),
                "Chromium is not installed (apt-get install -y --no-install-recommends chromium); the dashboard's browser test is skipped");
        return found.get();
    }

    /**
     * Starts {@code browser} headless with a fresh profile of its own, connected to its one page. The
     * profile is not under the test's {@code @TempDir}: Chromium's helper processes may still write to
     * it for a moment after the browser exits, and JUnit fails a test whose temp dir it cannot delete.
     */
    static Chromium launch(Path browser) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("canarykit-chromium-profile");
        Process process = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1280,1000",
                "--hide-scrollbars", "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread stderr = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        endpoint.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                endpoint.completeExceptionally(e);
            }
            endpoint.completeExceptionally(new IllegalStateException("chromium exited without a DevTools endpoint"));
        }, "chromium-stderr");
        stderr.setDaemon(true);
        stderr.start();
        try {
            URI browserSocket = URI.create(endpoint.get(60, TimeUnit.SECONDS));
            URI list = URI.create("http://" + browserSocket.getAuthority() + "/json/list");
            JsonNode targets = new ObjectMapper().readTree(HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode target : targets) {
                if ("page".equals(target.path("type").asText())) {
                    return new Chromium(process, DevTools.connect(URI.create(target.get("webSocketDebuggerUrl").asText())), profile);
                }
            }
            throw new IllegalStateException("no page target in " + targets);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("cannot drive chromium: " + e, e);
        }
    }

    DevTools page() {
        return page;
    }

    /** Stops the browser and its helper processes (renderer, zygote, crash handler), then removes the profile. */
    @Override
    public void close() throws InterruptedException {
        page.close();
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (ProcessHandle helper : helpers) {
            helper.destroy();
            try {
                helper.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                helper.destroyForcibly();
            }
        }
        deleteQuietly(profile);
    }

    /** Best effort: a file a late helper still holds is left in the system temp dir, not a failed test. */
    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // Left for the OS's temp cleaning.
        }
    }
}
