package io.canarykit.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.api.model.CanaryCommand;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's page in a real headless Chromium, driven over the DevTools protocol against
 * {@code canary dashboard} on the mock API server: what a person sees and clicks. The screenshot
 * stays in {@code target/dashboard-screenshots/} for a person to look at what the test looked at.
 */
class DashboardInBrowserTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private static final String ROW = "[data-canary=\"prod/web\"]";
    private static Path browser;

    @TempDir
    Path dir;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private MockCluster cluster;
    private RunningDashboard dashboard;
    private Chromium chromium;
    private DevTools page;

    @BeforeAll
    static void findBrowser() {
        browser = Chromium.find();
    }

    @BeforeEach
    void open() throws Exception {
        cluster = MockCluster.with(K8S.client(), status(10, 0, 0.4, 60), now);
        dashboard = new RunningDashboard(cluster.kubeconfig(dir));
        // Two more ticks of the run before the page opens: the charts have lines, not just points.
        cluster.writeStatus(status(20, 1, 2.5, 45));
        cluster.writeStatus(status(30, 1, 0.6, 30));
        awaitTicks(3);
        chromium = Chromium.launch(browser);
        page = chromium.page();
        page.send("Emulation.setDeviceMetricsOverride", DevTools.params().put("width", 1280).put("height", 1250)
                .put("deviceScaleFactor", 1).put("mobile", false));
        page.send("Page.navigate", DevTools.params().put("url", dashboard.url().toString()));
    }

    @AfterEach
    void close() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        dashboard.close();
    }

    private CanaryStatus status(int weight, int failed, double errors, int secondsAgo) {
        return Canaries.status(CanaryPhase.PROGRESSING, weight, failed, now.minusSeconds(120), now.minusSeconds(secondsAgo), errors);
    }

    @Test
    void theListShowsTheCanaryAndClickingItShowsItsChartsLive() throws Exception {
        await("the canary in the list", "document.querySelector('" + ROW + "')?.textContent ?? ''",
                v -> v.asText().contains("web") && v.asText().contains("Progressing") && v.asText().contains("30% / 50%"));
        assertThat(text(ROW + " [data-role=phase]")).isEqualTo("Progressing");
        assertThat(text(ROW + " [data-role=failed]")).isEqualTo("1/3 failed checks");

        page.click(ROW);
        await("the charts of the run", "document.querySelectorAll('#charts svg.chart').length", n -> n.asInt() == 3);
        JsonNode polylines = page.evaluate("[...document.querySelectorAll('#charts polyline.series.metric')]"
                + ".map(p => p.dataset.metric + ' ' + p.getAttribute('points').trim().split(/\\s+/).length)");
        assertThat(polylines).extracting(JsonNode::asText).containsExactlyInAnyOrder("request-success-rate 3", "error-rate 3");
        assertThat(page.evaluate("document.querySelectorAll('#charts .marker.failed-check').length").asInt()).isPositive();
        assertThat(text("#events")).contains("Advance web.prod canary weight 20");
        assertThat(text("#checks")).contains("error-rate", "✓ pass");

        page.evaluate("window.sameDocument = true");
        await("the live stream", "document.getElementById('connection').dataset.state", v -> v.asText().equals("live"));
        cluster.writeStatus(status(40, 0, 0.3, 10));

        await("the change, without a reload", "document.querySelector('" + ROW + " [data-role=weight]').textContent", v -> v.asText().equals("40% / 50%"));
        await("the detail redrawn", "document.querySelector('#charts polyline.series.metric').getAttribute('points').trim().split(/\\s+/).length",
                n -> n.asInt() == 4);
        assertThat(page.evaluate("window.sameDocument === true").asBoolean()).as("the page was not reloaded").isTrue();
        assertThat(text("#detail-summary")).startsWith("weight 40% of max 50%, 0/3 failed checks");
    }

    @Test
    void abortAsksForConfirmationThenWritesTheCommand() throws Exception {
        await("the canary in the list", "document.querySelector('" + ROW + "') !== null", JsonNode::asBoolean);
        page.click(ROW);
        await("the detail", "document.getElementById('detail').hidden", v -> !v.asBoolean());

        page.click("#actions button[data-action=abort]");
        await("the confirmation", "document.getElementById('confirm').hidden", v -> !v.asBoolean());
        assertThat(text("#confirm-text")).startsWith("Abort web.prod? This rolls the canary back NOW");
        assertThat(cluster.live().getMetadata().getAnnotations()).as("nothing before the confirmation")
                .doesNotContainKey(CanaryCommand.ANNOTATION);
        screenshot("dashboard-confirm");

        page.click("#confirm-yes");
        Awaitility.await().atMost(15, TimeUnit.SECONDS)
                .until(() -> "abort".equals(cluster.live().getMetadata().getAnnotations().get(CanaryCommand.ANNOTATION)));
        String id = cluster.live().getMetadata().getAnnotations().get(CanaryCommand.ID_ANNOTATION);
        await("the command's answer", "document.getElementById('last-command').textContent",
                v -> v.asText().equals("Last command: abort requested (command-id " + id + "); the operator carries it out at its next tick"));
        assertThat(page.evaluate("document.getElementById('confirm').hidden").asBoolean()).isTrue();

        Path png = screenshot("dashboard");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(colour(image, (r, g, b) -> b > 180 && r < 90 && g < 150)).as("blue weight bar and series").isTrue();
        assertThat(colour(image, (r, g, b) -> r > 170 && g < 80 && b < 80)).as("red failed-check markers").isTrue();
    }

    @Test
    void cancellingTheConfirmationWritesNothing() {
        await("the canary in the list", "document.querySelector('" + ROW + "') !== null", JsonNode::asBoolean);
        page.click(ROW);
        await("the detail", "document.getElementById('detail').hidden", v -> !v.asBoolean());

        page.click("#actions button[data-action=promote-full]");
        await("the confirmation", "document.getElementById('confirm').hidden", v -> !v.asBoolean());
        page.click("#confirm-no");

        assertThat(page.evaluate("document.getElementById('confirm').hidden").asBoolean()).isTrue();
        assertThat(page.evaluate("document.getElementById('last-command').textContent").asText()).isEmpty();
        assertThat(cluster.live().getMetadata().getAnnotations()).doesNotContainKey(CanaryCommand.ANNOTATION);
    }

    @Test
    void withoutTheEventStreamThePagePollsAndStillShowsChanges() {
        // A browser (or proxy) where the stream cannot stay open: every EventSource fails at once.
        page.send("Page.enable"); // addScriptToEvaluateOnNewDocument takes effect only with the Page domain on
        page.send("Page.addScriptToEvaluateOnNewDocument", DevTools.params().put("source", "window.EventSource = class {"
                + " constructor() { this.on = {}; setTimeout(() => (this.on.error || []).forEach(f => f(new Event('error'))), 0); }"
                + " addEventListener(type, f) { (this.on[type] = this.on[type] || []).push(f); } close() {} };"));
        page.send("Page.reload");
        await("the polling state", "document.getElementById('connection').textContent",
                v -> v.asText().equals("live updates interrupted: refreshing every 5 s"));
        await("the canary in the list", "document.querySelector('" + ROW + " [data-role=weight]')?.textContent ?? ''",
                v -> v.asText().equals("30% / 50%"));

        cluster.writeStatus(status(40, 0, 0.3, 10));

        await("the change, from a poll", "document.querySelector('" + ROW + " [data-role=weight]').textContent",
                v -> v.asText().equals("40% / 50%"));
    }

    private String text(String selector) {
        return page.evaluate("document.querySelector('" + selector + "').textContent").asText();
    }

    /** Polls the page (at most 15 s) until {@code script}'s value satisfies {@code condition}. */
    private void await(String what, String script, Predicate<JsonNode> condition) {
        try {
            // Exceptions are retried too: while a page loads, its elements are not there yet.
            Awaitility.await(what).atMost(15, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS).ignoreExceptions()
                    .until(() -> condition.test(page.evaluate(script)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // What the page showed instead, so a failure says more than "timed out".
            throw new AssertionError(what + ": " + script + " did not come true; the page said: "
                    + page.evaluate("document.body.innerText.slice(0, 1500)").asText(), e);
        }
    }

    private void awaitTicks(int ticks) {
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> new ObjectMapper()
                .readTree(dashboard.resolve("/api/canaries/prod/web").toURL()).get("runs").path(0).path("ticks").size() == ticks);
    }

    private Path screenshot(String name) throws Exception {
        JsonNode shot = page.send("Page.captureScreenshot", DevTools.params().put("format", "png"));
        Path png = Path.of("target", "dashboard-screenshots", name + ".png").toAbsolutePath();
        Files.createDirectories(png.getParent());
        byte[] bytes = Base64.getDecoder().decode(shot.get("data").asText());
        Files.write(png, bytes);
        assertThat(ImageIO.read(new ByteArrayInputStream(bytes))).as("a PNG").isNotNull();
        return png;
    }

    private interface Rgb {
        boolean test(int r, int g, int b);
    }

    private static boolean colour(BufferedImage image, Rgb wanted) {
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                if (wanted.test(rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF)) {
                    return true;
                }
            }
        }
        return false;
    }
}
