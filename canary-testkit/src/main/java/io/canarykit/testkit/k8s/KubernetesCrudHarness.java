package io.canarykit.testkit.k8s;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fabric8 {@link KubernetesMockServer} in CRUD mode for a whole test class, emptied before each
 * test. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();
 * }</pre>
 *
 * <p>One server per class (fabric8's own extension builds one per test, at 0.25-0.6 s each).
 * Before each test the store is emptied and the CRDs are created again: every
 * {@code META-INF/canarykit/crds/*.yaml} on the class path (canary-k8s ships its Canary,
 * MetricTemplate and AlertProvider CRDs there) plus those given to {@link #withCrds}, with their
 * status subresource honoured. The client never retries ({@code requestRetryBackoffLimit=0}), so
 * request counts are exact, and the mock server's JUL logging is quieted to warnings.
 */
public final class KubernetesCrudHarness implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    /** The shipped CRD files the harness looks for on the class path. */
    public static final List<String> CLASSPATH_CRDS = List.of(
            "META-INF/canarykit/crds/canaries.yaml",
            "META-INF/canarykit/crds/metrictemplates.yaml",
            "META-INF/canarykit/crds/alertproviders.yaml");

    // Strong references: JUL keeps loggers weakly, a level set on a collected logger is lost.
    private static final List<Logger> QUIETED = List.of(
            Logger.getLogger("io.fabric8.mockwebserver"),
            Logger.getLogger("io.fabric8.kubernetes.client.server.mock"));

    private final List<CustomResourceDefinition> extraCrds = new ArrayList<>();
    private @Nullable KubernetesMockServer server;
    private @Nullable NamespacedKubernetesClient client;
    private @Nullable RequestLog requests;
    private List<CustomResourceDefinition> crds = List.of();

    private KubernetesCrudHarness() {
    }

    public static KubernetesCrudHarness create() {
        return new KubernetesCrudHarness();
    }

    /** Also registers {@code definitions} before each test. */
    public KubernetesCrudHarness withCrds(List<CustomResourceDefinition> definitions) {
        extraCrds.addAll(definitions);
        return this;
    }

    public NamespacedKubernetesClient client() {
        return Objects.requireNonNull(client, "the harness is not started: register it with @RegisterExtension on a static field");
    }

    public KubernetesMockServer server() {
        return Objects.requireNonNull(server, "the harness is not started");
    }

    public RequestLog requests() {
        return Objects.requireNonNull(requests, "the harness is not started");
    }

    /** The CRDs registered before each test. */
    public List<CustomResourceDefinition> crds() {
        return crds;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        QUIETED.forEach(l -> l.setLevel(Level.WARNING));
        Map<ServerRequest, Queue<ServerResponse>> responses = Collections.synchronizedMap(new HashMap<>());
        KubernetesMockServer started = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        started.init();
        server = started;
        client = started.createClient(builder -> builder.editOrNewConfig().withRequestRetryBackoffLimit(0)
                // A loopback server answers in milliseconds; 30 s only guards against a stalled CI machine.
                .withRequestTimeout(30_000).endConfig());
        requests = new RequestLog(started);
        List<CustomResourceDefinition> all = new ArrayList<>(classpathCrds());
        all.addAll(extraCrds);
        crds = List.copyOf(all);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        KubernetesMockServer s = server();
        s.reset();
        for (CustomResourceDefinition crd : crds) {
            s.expectCustomResource(CustomResourceDefinitionContext.fromCrd(crd));
            // Created as well, so that discovery (generic resources by apiVersion and kind) answers.
            client().apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        requests().clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
        client = null;
        server = null;
        requests = null;
    }

    private static List<CustomResourceDefinition> classpathCrds() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<CustomResourceDefinition> found = new ArrayList<>();
        for (String name : CLASSPATH_CRDS) {
            URL url = loader.getResource(name);
            if (url == null) {
                continue;
            }
            try (InputStream in = url.openStream()) {
                found.add(serialization.unmarshal(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        CustomResourceDefinition.class));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + url, e);
            }
        }
        return found;
    }
}
