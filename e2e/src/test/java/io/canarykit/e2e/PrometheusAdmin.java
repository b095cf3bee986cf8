package io.canarykit.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The suite's Prometheus admin API ({@code --web.enable-admin-api}, loopback only): wipes the history between cases. */
final class PrometheusAdmin {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;

    PrometheusAdmin(String url) {
        this.url = url;
    }

    /** Deletes every series: queries answer as on a fresh server from now on. */
    void deleteAllSeries() {
        post("/api/v1/admin/tsdb/delete_series?match[]=" + URLEncoder.encode("{__name__=~\".+\"}", StandardCharsets.UTF_8));
        post("/api/v1/admin/tsdb/clean_tombstones");
    }

    private void post(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError("Prometheus " + path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new AssertionError("Prometheus " + url + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
