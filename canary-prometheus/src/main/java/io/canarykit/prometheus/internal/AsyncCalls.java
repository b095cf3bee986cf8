package io.canarykit.prometheus.internal;

import io.canarykit.api.BackendException;
import io.canarykit.api.spi.MetricResult;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Runs a request on OkHttp's dispatcher and maps the answer, as a future the TimeLimiter can wait for
 * and cancel; cancelling the future cancels the HTTP call, so a hung query does not hold a connection.
 */
public final class AsyncCalls {

    private AsyncCalls() {
    }

    public static CompletableFuture<MetricResult> send(OkHttpClient client, Request request, String where) {
        CompletableFuture<MetricResult> future = new CompletableFuture<>();
        Call call = client.newCall(request);
        future.whenComplete((result, failure) -> {
            if (future.isCancelled()) {
                call.cancel();
            }
        });
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call failed, IOException e) {
                // An untrusted certificate stays untrusted however often we retry; other I/O errors may pass.
                boolean tls = e instanceof SSLException;
                future.completeExceptionally(new BackendException("prometheus",
                        "prometheus " + where + (tls ? " failed TLS verification: " : " could not be queried: ") + e,
                        !tls, e));
            }

            @Override
            public void onResponse(Call answered, Response response) {
                try (response) {
                    String body = response.body().string();
                    future.complete(PrometheusResponses.map(response.code(), body, where));
                } catch (IOException e) {
                    onFailure(answered, e);
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            }
        });
        return future;
    }
}
