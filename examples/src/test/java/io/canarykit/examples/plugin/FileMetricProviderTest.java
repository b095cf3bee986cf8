package io.canarykit.examples.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.CanaryException;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.ProviderContext;
import io.canarykit.api.spi.SecretResolver;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin example: registered by its type id explicitly, and found through ServiceLoader. */
class FileMetricProviderTest {

    @TempDir
    Path dir;

    private final ProviderContext context = new ProviderContext(MutableClock.atEpochOfTests(), SecretResolver.NONE);

    @Test
    void registeredExplicitlyByTypeId() throws Exception {
        MetricProviderRegistry registry = MetricProviderRegistry.builder().register(new FileMetricProvider()).build();

        assertThat(registry.types()).containsExactly("file");
        assertThat(registry.find("file").orElseThrow().query(query("error-rate", "error-rate=0.25\n")))
                .isEqualTo(MetricResult.value(0.25));
    }

    @Test
    void discoveredThroughServiceLoaderOnlyWhenAskedTo() throws Exception {
        assertThat(MetricProviderRegistry.builder().build().find("file")).isEmpty();

        MetricProviderRegistry registry = MetricProviderRegistry.builder().discoverProviders(context).build();

        MetricProvider provider = registry.find("file").orElseThrow();
        assertThat(provider).isInstanceOf(FileMetricProvider.class);
        assertThat(provider.query(query("latency", "latency=212\n"))).isEqualTo(MetricResult.value(212));
    }

    @Test
    void aTypeRegisteredTwiceIsAnErrorNotAnOverride() {
        MetricProviderRegistry.Builder builder = MetricProviderRegistry.builder().register(new FileMetricProvider());

        assertThatThrownBy(() -> builder.discoverProviders(context)).isInstanceOf(CanaryException.class)
                .hasMessageContaining("\"file\" is registered twice");
    }

    @Test
    void aMissingKeyIsNoDataAndGarbageIsAFailure() throws Exception {
        FileMetricProvider provider = new FileMetricProvider();

        assertThat(provider.query(query("error-rate", "other=1\n"))).isInstanceOf(MetricResult.NoData.class);
        assertThat(provider.query(query("error-rate", "error-rate=high\n"))).isInstanceOf(MetricResult.Failure.class);
        assertThat(provider.isOnline(source(dir.resolve("missing.properties"))).isOnline()).isFalse();
    }

    private MetricQuery query(String key, String content) throws Exception {
        Path file = Files.writeString(Files.createTempFile(dir, "metrics", ".properties"), content);
        return MetricQuery.now(source(file), key);
    }

    private static MetricSource source(Path file) {
        return new MetricSource("shop", new MetricTemplateProvider("file", file.toString(), Map.of(), null, null, null));
    }
}
