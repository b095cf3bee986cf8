package io.canarykit.prometheus.internal;

import io.canarykit.api.spi.MetricResult;
import io.canarykit.providers.http.BoundedBodies;
import io.canarykit.providers.http.HttpFailures;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
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

    public static CompletableFuture<MetricResult> send(OkHttpClient client, Request request, String where, long maxResponseBytes) {
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
                future.completeExceptionally(HttpFailures.of("prometheus", where, e));
            }

            @Override
            public void onResponse(Call answered, Response response) {
                try (response) {
                    String body = BoundedBodies.read(answered, response.body(), maxResponseBytes);
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
