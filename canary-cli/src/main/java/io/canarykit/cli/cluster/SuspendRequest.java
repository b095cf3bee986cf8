package io.canarykit.cli.cluster;

import io.canarykit.cli.CanaryCli;
import java.io.PrintWriter;
import picocli.CommandLine.Parameters;

/**
 * {@code canary pause / resume NAME}: sets Flagger's {@code spec.suspend}, which every Flagger-
 * compatible controller honours (a suspended canary holds where it is: no step, no promotion, no
 * rollback, until resumed). GitOps note: a tool that applies the Canary from git resets the field.
 */
abstract class SuspendRequest extends ClusterCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The canary.")
    String name = "";

    protected abstract boolean suspend();

    @Override
    protected String needs() {
        return "get and patch on canaries";
    }

    @Override
    protected int run(ClusterCanaries canaries, String namespace, PrintWriter out, PrintWriter err) {
        ClusterCanaries.Suspension done = canaries.pause(namespace, name, suspend());
        if (done == ClusterCanaries.Suspension.NOT_FOUND) {
            err.println("canary " + spec().name() + ": canary " + name + " not found in namespace " + namespace);
            return CanaryCli.NEGATIVE;
        }
        if (done == ClusterCanaries.Suspension.ALREADY) {
            out.println("canary " + name + "." + namespace + ": already " + (suspend() ? "paused" : "running"));
            return CanaryCli.OK;
        }
        out.println("canary " + name + "." + namespace + ": " + (suspend()
                ? "paused (spec.suspend: true); it holds where it is until canary resume"
                : "resumed (spec.suspend: false); it goes on at the operator's next tick"));
        return CanaryCli.OK;
    }
}
