package io.canarykit.demo;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/** Where the demo's metric checks get their numbers. */
public sealed interface MetricsBackend permits MetricsBackend.Recorded, MetricsBackend.Prometheus {

    /** The default: computed in process from the requests the router recorded ({@link RecordedMetricProvider}). */
    MetricsBackend RECORDED = new Recorded();

    /** Computed in process from the router's record of served requests. */
    record Recorded() implements MetricsBackend {
    }

    /**
     * A real Prometheus at {@code url}, queried by the real {@code PrometheusMetricProvider}; it finds
     * the demo's pods in {@code targetsFile} through {@code file_sd_configs}.
     */
    record Prometheus(URI url, Path targetsFile) implements MetricsBackend {

        public Prometheus {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(targetsFile, "targetsFile");
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new IllegalArgumentException("--prometheus must be an http(s) URL such as http://127.0.0.1:9090, got " + url);
            }
        }

        /** The {@code scrape_configs} entry that makes a Prometheus scrape the demo, every {@code 1s}. */
        public String scrapeConfig() {
            return """
                    scrape_configs:
                      - job_name: canary-demo
                        scrape_interval: 1s
                        scrape_timeout: 900ms
                        file_sd_configs:
                          - files: ['%s']
                    """.formatted(targetsFile.toAbsolutePath());
        }
    }
}
