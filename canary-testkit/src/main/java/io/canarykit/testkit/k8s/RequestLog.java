package io.canarykit.testkit.k8s;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The requests the mock server received, in order. {@link #drain()} returns and forgets everything
 * received so far, so that a test can measure exactly one operation: drain, act, drain again.
 */
public final class RequestLog {

    private final KubernetesMockServer server;

    RequestLog(KubernetesMockServer server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    /** Everything received since the last drain. */
    public RequestCounts drain() {
        List<ApiRequest> requests = new ArrayList<>();
        try {
            // The server queues each request once it has been answered; poll() never blocks.
            for (RecordedRequest r = server.takeRequest(1, TimeUnit.MILLISECONDS); r != null;
                    r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
                requests.add(new ApiRequest(r.getMethod(), r.getPath()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining the request log", e);
        }
        return new RequestCounts(requests);
    }

    /** Forgets everything received so far. */
    public void clear() {
        drain();
    }

    /** Every request received since the server started, drained or not. */
    public int totalCount() {
        return server.getRequestCount();
    }
}
