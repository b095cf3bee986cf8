package io.canarykit.k8s.internal;

import io.canarykit.api.BackendException;
import io.canarykit.api.ConflictException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/** Runs a fabric8 call and turns its exceptions into CanaryKit's, so that none leaks through an SPI. */
public final class K8sCalls {

    public static final String BACKEND = "k8s";
    private static final int CONFLICT = 409;

    private K8sCalls() {
    }

    public static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw translate(what, e);
        }
    }

    public static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return Boolean.TRUE;
        });
    }

    public static BackendException translate(String what, KubernetesClientException e) {
        int code = e.getCode();
        String message = what + " failed: HTTP " + code + " " + firstLine(e.getMessage());
        if (code == CONFLICT) {
            return new ConflictException(BACKEND, message, e);
        }
        // 0 means no response at all (I/O error); 5xx and 429 are the server's temporary troubles.
        boolean retryable = code == 0 || code == 429 || code >= 500;
        return new BackendException(BACKEND, message, retryable, e);
    }

    public static boolean isAlreadyExists(KubernetesClientException e) {
        return e.getCode() == CONFLICT;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
