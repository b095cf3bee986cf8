package io.canarykit.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * The suite's Prometheus: its admin API ({@code --web.enable-admin-api}, loopback only) wipes the
 * history between cases, and its query API tells when a series has aged out of a rate window.
 */
final class SuitePrometheus {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;

    SuitePrometheus(String url) {
        this.url = url;
    }

    /** Deletes the series of {@code namespace}: its queries answer as on a fresh server from now on; other cases keep theirs. */
    void deleteSeriesOf(String namespace) {
        // The played pods label their series both ways (the reference template's and the builtin metrics' label).
        for (String label : new String[] {"namespace", "kubernetes_namespace"}) {
            post("/api/v1/admin/tsdb/delete_series?match[]=" + URLEncoder.encode("{" + label + "=\"" + namespace + "\"}", StandardCharsets.UTF_8));
        }
        post("/api/v1/admin/tsdb/clean_tombstones");
    }

    /** Waits until {@code query} answers no sample (an instant query, e.g. a rate over series that stopped). */
    void awaitEmpty(String query, Duration timeout) {
        String path = "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        Awaitility.await("no samples for " + query).atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> send(HttpRequest.newBuilder(URI.create(url + path)).GET(), path).contains("\"result\":[]"));
    }

    private void post(String path) {
        send(HttpRequest.newBuilder(URI.create(url + path)).POST(HttpRequest.BodyPublishers.noBody()), path);
    }

    private String send(HttpRequest.Builder request, String path) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError("Prometheus " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("Prometheus " + url + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
