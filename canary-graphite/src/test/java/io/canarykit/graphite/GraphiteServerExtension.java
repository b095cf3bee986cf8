package io.canarykit.graphite;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real Graphite once per test class (Debian packages {@code graphite-carbon} and
 * {@code graphite-web}): {@code carbon-cache} and graphite-web (Django's server on the packaged
 * {@code graphite.settings}) on free loopback ports, with their own configuration, whisper storage,
 * logs and SQLite database in a temporary directory. Points are fed through carbon's plaintext port
 * with explicit timestamps ({@link #feed}); graphite-web reads unflushed points from carbon's cache.
 *
 * <p>Without the packages the class is aborted with the reason, or fails when
 * {@code CANARYKIT_REQUIRE_GRAPHITE=1|true} (as CI sets it).
 */
final class GraphiteServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /** 1-minute points kept 10 years (sparse whisper files), so fixed timestamps of the recent past are stored as sent. */
    static final String RETENTION = "60s:10y";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Optional<String> missing = Optional.empty();
    private Path workDir;
    private static final Random PORTS = new Random();
    /** Ports handed out in this JVM, never twice (the processes bind them only later). */
    private static final Set<Integer> TAKEN = ConcurrentHashMap.newKeySet();

    private int linePort;
    private String url;

    /** graphite-web's address, {@code http://127.0.0.1:<port>}. */
    String url() {
        return url;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<String> problem = findProblem();
        if (problem.isPresent()) {
            String require = System.getenv("CANARYKIT_REQUIRE_GRAPHITE");
            if ("1".equals(require) || "true".equalsIgnoreCase(require)) {
                throw new ExtensionConfigurationException(problem.get() + ", and CANARYKIT_REQUIRE_GRAPHITE asks for it");
            }
            missing = problem;
            return;
        }
        workDir = Files.createTempDirectory("canarykit-graphite-");
        Path conf = Files.createDirectories(workDir.resolve("conf"));
        Path storage = Files.createDirectories(workDir.resolve("storage"));
        Files.createDirectories(storage.resolve("whisper"));
        Files.createDirectories(storage.resolve("log/webapp"));
        linePort = freePort();
        int picklePort = freePort();
        int queryPort = freePort();
        int webPort = freePort();
        Files.writeString(conf.resolve("storage-schemas.conf"), "[default]\npattern = .*\nretentions = " + RETENTION + "\n");
        Files.writeString(conf.resolve("carbon.conf"), String.join("\n",
                "[cache]",
                "STORAGE_DIR = " + storage + "/",
                "LOCAL_DATA_DIR = " + storage + "/whisper/",
                "WHITELISTS_DIR = " + storage + "/lists/",
                "CONF_DIR = " + conf + "/",
                "LOG_DIR = " + storage + "/log/",
                "PID_DIR = " + storage + "/",
                "ENABLE_LOGROTATION = False",
                "USER = ",
                "MAX_CACHE_SIZE = inf",
                "MAX_UPDATES_PER_SECOND = 100000",
                "MAX_CREATES_PER_MINUTE = inf",
                "WHISPER_SPARSE_CREATE = True",
                "LINE_RECEIVER_INTERFACE = 127.0.0.1",
                "LINE_RECEIVER_PORT = " + linePort,
                "ENABLE_UDP_LISTENER = False",
                "PICKLE_RECEIVER_INTERFACE = 127.0.0.1",
                "PICKLE_RECEIVER_PORT = " + picklePort,
                "CACHE_QUERY_INTERFACE = 127.0.0.1",
                "CACHE_QUERY_PORT = " + queryPort,
                "LOG_LISTENER_CONNECTIONS = False",
                ""));
        // graphite.settings imports the module GRAPHITE_SETTINGS_MODULE names in place of /etc/graphite/local_settings.py.
        Files.writeString(workDir.resolve("canarykit_graphite.py"), String.join("\n",
                "STORAGE_DIR = '" + storage + "/'",
                "WHISPER_DIR = '" + storage + "/whisper/'",
                "LOG_DIR = '" + storage + "/log/webapp/'",
                "INDEX_FILE = '" + storage + "/index'",
                "CONF_DIR = '" + conf + "'",
                "SECRET_KEY = 'canarykit-graphite-test'",
                "CARBONLINK_HOSTS = ['127.0.0.1:" + queryPort + ":a']",
                "DATABASES = {'default': {'NAME': '" + storage + "/graphite.db', 'ENGINE': 'django.db.backends.sqlite3'}}",
                ""));
        start(workDir.resolve("carbon.log"), Map.of(), "carbon-cache", "--config=" + conf.resolve("carbon.conf"),
                "--nodaemon", "start");
        start(workDir.resolve("web.log"), Map.of("PYTHONPATH", workDir.toString(), "GRAPHITE_SETTINGS_MODULE", "canarykit_graphite"),
                python(), "-m", "django", "runserver", "127.0.0.1:" + webPort, "--settings=graphite.settings", "--noreload");
        url = "http://127.0.0.1:" + webPort;
        try {
            await("carbon's line receiver").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), linePort)) {
                            return true;
                        }
                    });
            await("graphite-web").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> get("/render?target=test&format=json").statusCode() == 200);
        } catch (RuntimeException e) {
            throw new IllegalStateException("graphite did not start:\n" + tail(workDir.resolve("carbon.log"))
                    + "\n" + tail(workDir.resolve("web.log")), e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        missing.ifPresent(Assumptions::abort);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * Sends {@code <path> <value> <epoch seconds>} lines through carbon's plaintext port, then waits
     * until graphite-web serves the last line's point.
     */
    void feed(List<String> lines) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), linePort); OutputStream out = socket.getOutputStream()) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] last = lines.get(lines.size() - 1).split(" ");
        long at = Long.parseLong(last[2]);
        String query = "/render?format=json&target=" + URLEncoder.encode(last[0], StandardCharsets.UTF_8)
                + "&from=" + (at - 60) + "&until=" + (at + 60);
        await("point " + lines.get(lines.size() - 1)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(query).body().contains(", " + at + "]"));
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + pathAndQuery)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void start(Path log, Map<String, String> env, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        processes.add(builder.start());
    }

    private static Optional<String> findProblem() {
        if (onPath("carbon-cache").isEmpty()) {
            return Optional.of("graphite not installed: no carbon-cache (apt-get install graphite-carbon graphite-web)");
        }
        try {
            Process check = new ProcessBuilder(python(), "-c", "import django, graphite.settings").redirectErrorStream(true).start();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
                return Optional.of("graphite-web not importable by " + python() + " (apt-get install graphite-web): " + output.strip());
            }
        } catch (IOException e) {
            return Optional.of("no " + python() + " for graphite-web: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return Optional.empty();
    }

    /** Debian's python3 (graphite-web's modules live in its dist-packages), not a pyenv shim; GRAPHITE_PYTHON overrides. */
    private static String python() {
        String override = System.getenv("GRAPHITE_PYTHON");
        if (override != null && !override.isBlank()) {
            return override;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }

    /**
     * A port free now, below the kernel's ephemeral range (32768 and up by default). A port the kernel
     * hands out for {@code bind(0)} comes from that range, where carbon's own outgoing connections
     * (its instrumentation writes to its line receiver) can take it before graphite-web binds it:
     * that race made graphite-web fail with "That port is already in use".
     */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = PORTS.nextInt(20_000, 32_000);
            if (!TAKEN.add(candidate)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException inUse) {
                // Taken by something else: try another.
            }
        }
        throw new IOException("no free loopback port between 20000 and 32000");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no " + log.getFileName() + ")";
        }
    }
}
