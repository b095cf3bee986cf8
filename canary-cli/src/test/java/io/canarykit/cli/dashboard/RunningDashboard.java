package io.canarykit.cli.dashboard;

import io.canarykit.cli.CanaryCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import picocli.CommandLine;

/** {@code canary dashboard --port 0} run as a user runs it (through the command line and a kubeconfig), until {@link #close}. */
final class RunningDashboard implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("at (http://\\S+/) ");

    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Future<Integer> exit;
    private final URI url;

    RunningDashboard(Path kubeconfig, String... args) {
        CommandLine cli = CanaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] command = new String[args.length + 5];
        command[0] = "dashboard";
        System.arraycopy(args, 0, command, 1, args.length);
        System.arraycopy(new String[] {"--port", "0", "--kubeconfig", kubeconfig.toString()}, 0, command, args.length + 1, 4);
        exit = thread.submit(() -> cli.execute(command));
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> URL.matcher(out.toString()).find() || exit.isDone());
        Matcher printed = URL.matcher(out.toString());
        if (!printed.find()) {
            throw new AssertionError("the dashboard did not start: " + out + err);
        }
        url = URI.create(printed.group(1));
    }

    URI url() {
        return url;
    }

    URI resolve(String path) {
        return url.resolve(path);
    }

    String out() {
        return out.toString();
    }

    /** Interrupts the command, as Ctrl-C does; returns its exit code. */
    int stop() throws Exception {
        thread.shutdownNow();
        return exit.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (!thread.isShutdown()) {
            stop();
        }
    }
}
