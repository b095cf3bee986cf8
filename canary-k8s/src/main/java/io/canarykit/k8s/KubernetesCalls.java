package io.canarykit.k8s;

import io.canarykit.api.BackendException;
import io.canarykit.api.ConflictException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a fabric8 call and turns its exceptions into CanaryKit's, so that none leaks through an SPI:
 * a 409 is a {@link ConflictException}, 5xx, 429 and I/O errors are retryable. Client plumbing
 * shared by every Kubernetes adapter (the Gateway API router uses it too).
 */
public final class KubernetesCalls {

    public static final String BACKEND = "k8s";
    private static final int CONFLICT = 409;
    /** The API server's answer to a JSON Patch whose {@code test} failed. */
    private static final int UNPROCESSABLE = 422;

    private KubernetesCalls() {
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

    /**
     * Writes on {@code cached}; after a 409 (the cache was behind the server) reads the object afresh
     * and writes once more on that, never more: a second conflict, or any other failure, is
     * translated. {@code write} gets the object to base its write on.
     */
    public static <T> void writeOnFreshAfterConflict(String what, T cached, Supplier<Optional<T>> fresh, Consumer<T> write) {
        try {
            write.accept(cached);
        } catch (KubernetesClientException e) {
            if (e.getCode() != CONFLICT) {
                throw translate(what, e);
            }
            T current = fresh.get().orElseThrow(() -> translate(what, e));
            run(what, () -> write.accept(current));
        }
    }

    /** A 409, or a failed JSON Patch test: the object changed since it was read. */
    public static boolean isStale(KubernetesClientException e, boolean testedPatch) {
        return e.getCode() == CONFLICT || (testedPatch && e.getCode() == UNPROCESSABLE);
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
