package io.canarykit.testkit.crash;

/**
 * The process dying: an {@link Error}, not a {@link RuntimeException}, because the engine and the
 * scheduler catch runtime exceptions as ordinary backend failures and carry on — a crash must end
 * the tick where it stands, with nothing after it run.
 */
final class CrashSignal extends Error {

    private static final long serialVersionUID = 1L;

    CrashSignal(int call, String method) {
        super("crash after SPI call " + call + " (" + method + ")", null, false, false);
    }
}
