package io.canarykit.cli.cluster;

import io.canarykit.api.model.CanaryCommand;
import io.canarykit.cli.CanaryCli;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Parameters;

/**
 * {@code canary promote / abort / retry NAME}: writes the {@link CanaryCommand} annotations with a
 * fresh nonce in one merge patch; the operator carries the command out at its next tick, once, and
 * records the nonce in {@code status.lastCommandId} with an event ({@code canary get NAME -w} shows both).
 */
abstract class CommandRequest extends ClusterCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The canary.")
    String name = "";

    /** The command to send. */
    protected abstract CanaryCommand command();

    /** What the operator will do, for the confirmation line. */
    protected abstract String effect();

    @Override
    protected String needs() {
        return "get and patch on canaries";
    }

    @Override
    protected int run(ClusterCanaries canaries, String namespace, PrintWriter out, PrintWriter err) {
        Optional<String> requested = canaries.request(namespace, name, command());
        if (requested.isEmpty()) {
            err.println("canary " + spec().name() + ": canary " + name + " not found in namespace " + namespace);
            return CanaryCli.NEGATIVE;
        }
        String id = requested.get();
        out.println("canary " + name + "." + namespace + ": " + command().wireName() + " requested (command-id " + id + "); "
                + effect() + " at the operator's next tick. Follow it with: canary get " + name + " -n " + namespace + " -w");
        return CanaryCli.OK;
    }
}
