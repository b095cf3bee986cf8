package io.canarykit.cli.dashboard;

import io.canarykit.cli.CanaryCli;
import io.canarykit.cli.cluster.ClusterCanaries;
import io.canarykit.cli.cluster.ClusterCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code canary dashboard}: serves a local web page over the namespace's (or every namespace's)
 * canaries until interrupted. Its buttons act with the user's kubeconfig credentials, hence the
 * loopback default and the refusal of actions from other origins ({@link RequestGuard}).
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serve a local web page over the canaries: every canary with its phase and weight; for one, the live weight "
                + "and metric charts of its current or last run, its events, and the promote, promote --full, abort, retry, pause "
                + "and resume buttons. Runs until interrupted (Ctrl-C).",
            "",
            "The page acts with YOUR kubeconfig credentials: anyone who can reach the port can promote or abort your canaries. "
                + "It listens on 127.0.0.1 only, unless --address says otherwise, and refuses actions sent by pages of other "
                + "origins (Origin, Sec-Fetch-Site) and requests for other host names (DNS rebinding)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:not used: the dashboard serves until interrupted (Ctrl-C)",
            "1:the Canary CRD is not installed",
            "2:the API server cannot be reached or refuses (RBAC: get, list, watch and patch on canaries, list on events), "
                + "the port is taken, or interrupted"})
public final class DashboardCommand extends ClusterCommand {

    @Option(names = {"-A", "--all-namespaces"}, description = "Canaries of every namespace.")
    private boolean allNamespaces;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "The port to listen on (default: 0, a free one; the URL is printed).")
    private int port;

    @Option(names = "--address", paramLabel = "IP", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: 127.0.0.1). Another address lets others act with your credentials.")
    private String address = "127.0.0.1";

    @Override
    protected String needs() {
        return "get, list, watch and patch on canaries, and list on events";
    }

    @Override
    protected int run(ClusterCanaries canaries, String namespace, PrintWriter out, PrintWriter err) throws InterruptedException {
        InetSocketAddress at;
        try {
            at = new InetSocketAddress(InetAddress.getByName(address), port);
        } catch (UnknownHostException e) {
            err.println("canary dashboard: --address " + address + ": not an address of this machine");
            return CanaryCli.USAGE_OR_IO;
        }
        Optional<String> scope = allNamespaces ? Optional.empty() : Optional.of(namespace);
        try (DashboardServer dashboard = DashboardServer.start(canaries, scope, at, Clock.systemUTC())) {
            out.println("canary dashboard: serving the canaries of " + (allNamespaces ? "every namespace" : "namespace " + namespace)
                    + " at " + dashboard.url() + " (Ctrl-C stops it)");
            if (!at.getAddress().isLoopbackAddress()) {
                err.println("canary dashboard: warning: listening on " + address + ", not loopback: whoever reaches this port can "
                        + "promote and abort canaries with your credentials");
            }
            out.flush();
            err.flush();
            // Serving happens on the server's threads; this one waits for Ctrl-C (an interrupt, or the JVM's shutdown).
            Thread.currentThread().join();
            return CanaryCli.OK;
        } catch (IOException e) {
            err.println("canary dashboard: cannot listen on " + address + ":" + port + ": " + e.getMessage());
            return CanaryCli.USAGE_OR_IO;
        }
    }
}
