package io.canarykit.examples.plugin;

import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A metric backend of type {@code file}: the MetricTemplate's {@code provider.address} is a
 * properties file that some other process keeps up to date (a batch job, a test), and its
 * {@code query} is a key of that file. A missing key is no data; an unreadable file or a value that
 * is not a number is a failure — returned, never thrown, as the SPI asks.
 *
 * <pre>{@code
 * spec:
 *   provider: {type: file, address: /var/run/metrics/web.properties}
 *   query: error-rate
 * }</pre>
 */
public final class FileMetricProvider implements MetricProvider {

    public static final String TYPE = "file";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetricResult query(MetricQuery query) {
        String key = query.query().trim();
        Properties values;
        try {
            values = load(query.source());
        } catch (IOException e) {
            return MetricResult.failure("cannot read " + query.source().provider().address() + ": " + e.getMessage(), true);
        }
        String value = values.getProperty(key);
        if (value == null) {
            return MetricResult.noData("no value for " + key + " in " + query.source().provider().address());
        }
        try {
            double number = Double.parseDouble(value.trim());
            return Double.isNaN(number) ? MetricResult.noData(key + " is NaN") : MetricResult.value(number);
        } catch (NumberFormatException e) {
            return MetricResult.failure(key + " is not a number: " + value, false);
        }
    }

    @Override
    public Availability isOnline(MetricSource source) {
        try {
            load(source);
            return Availability.ONLINE;
        } catch (IOException e) {
            return Availability.offline("cannot read " + source.provider().address() + ": " + e.getMessage());
        }
    }

    private static Properties load(MetricSource source) throws IOException {
        String address = source.provider().address();
        if (address == null || address.isBlank()) {
            throw new IOException("the MetricTemplate's provider.address must name a properties file");
        }
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(address))) {
            values.load(reader);
        }
        return values;
    }
}
