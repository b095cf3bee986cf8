package io.canarykit.core.validation;

import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.AddressPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Webhook URLs and metric provider addresses that name a cloud metadata service or a link-local
 * address. They are warnings, not errors: the clients refuse them at call time unless the operator
 * allows them ({@link AddressPolicy#ENVIRONMENT_VARIABLE}), which a manifest cannot know. Only the
 * host as written is checked here (validation resolves no names); the clients also check what a
 * name resolves to when they call it.
 */
final class AddressRules {

    private AddressRules() {
    }

    static void webhooks(CanaryAnalysis analysis, String path, Findings out) {
        List<CanaryWebhook> hooks = analysis.webhooks();
        for (int i = 0; i < hooks.size(); i++) {
            check(out, path + ".webhooks[" + i + "].url", hooks.get(i).url());
        }
    }

    static void providerAddress(MetricTemplate template, Findings out) {
        check(out, "spec.provider.address", template.spec().provider().address());
    }

    private static void check(Findings out, String path, @Nullable String url) {
        host(url).flatMap(AddressPolicy.STRICT::refusalOfHost)
                .ifPresent(reason -> out.warning(path, "is refused when called: " + reason));
    }

    private static Optional<String> host(@Nullable String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(new URI(url.strip()).getHost());
        } catch (URISyntaxException e) {
            // Not a URL at all: the scheme and syntax rules report it.
            return Optional.empty();
        }
    }
}
