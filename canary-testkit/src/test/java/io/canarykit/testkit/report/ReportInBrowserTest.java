package io.canarykit.testkit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in a real headless Chromium: the DOM it builds must hold the charts, and the
 * screenshot must show them. Skipped (with the reason) when Chromium is not installed, unless
 * {@code CANARYKIT_REQUIRE_CHROMIUM=true}, where a missing browser fails the build.
 */
class ReportInBrowserTest {

    private static final List<String> CANDIDATES = List.of("chromium", "chromium-browser", "google-chrome");

    static Path browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void findBrowser() {
        Optional<Path> found = CANDIDATES.stream()
                .flatMap(name -> Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .map(d -> Path.of(d, name)))
                .filter(Files::isExecutable).findFirst();
        if (found.isEmpty() && "true".equals(System.getenv("CANARYKIT_REQUIRE_CHROMIUM"))) {
            fail("CANARYKIT_REQUIRE_CHROMIUM=true but no chromium on PATH (apt-get install -y --no-install-recommends chromium)");
        }
        Assumptions.assumeTrue(found.isPresent(),
                "Chromium is not installed (apt-get install -y --no-install-recommends chromium); the report's browser check is skipped");
        browser = found.get();
    }

    @Test
    void chromiumBuildsTheChartsFromTheReport() throws Exception {
        Path report = dir.resolve("report.html");
        TimelineReport.write(Reports.rollback(), report);

        String dom = run("--dump-dom", report.toUri().toString());

        assertThat(dom).contains("weight-chart", "threshold-band", "failed-check", "phase-change",
                "Rolling back web.prod failed checks threshold reached 3");
        assertThat(dom.split("<svg", -1)).hasSize(4);
    }

    @Test
    void theScreenshotShowsTheCharts() throws Exception {
        Path png = screenshot("rollback", Reports.rollback());

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG screenshot").isNotNull();
        Set<Integer> colours = new HashSet<>();
        boolean blue = false;
        boolean red = false;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                int r = rgb >> 16 & 0xFF;
                int g = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                blue |= b > 180 && r < 90 && g < 150;   // the weight series
                red |= r > 170 && g < 80 && b < 80;     // failed-check markers
            }
        }
        assertThat(colours.size()).as("distinct colours rendered").isGreaterThan(20);
        assertThat(blue).as("the blue weight series is drawn").isTrue();
        assertThat(red).as("red failed-check markers are drawn").isTrue();
    }

    @Test
    void aPromotionIsDrawnInBlueAndGreenWithoutFailureMarkers() throws Exception {
        BufferedImage image = ImageIO.read(screenshot("promotion", Reports.promotion()).toFile());

        assertThat(image).as("a PNG screenshot").isNotNull();
        boolean red = false;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                red |= (rgb >> 16 & 0xFF) > 170 && (rgb >> 8 & 0xFF) < 80 && (rgb & 0xFF) < 80;
            }
        }
        assertThat(red).as("no red failure markers on a promotion").isFalse();
    }

    @Test
    void phaseLabelsAsChromiumLaysThemOutDoNotOverlapAndFitTheirEstimatedBoxes() throws Exception {
        Path report = dir.resolve("crowded.html");
        // The report has no scripts; this copy gets one that measures every phase label as rendered.
        String measure = "<script>const out=[];document.querySelectorAll('svg.chart').forEach((svg,i)=>"
                + "svg.querySelectorAll('text.phase-label').forEach(t=>{const b=t.getBBox();"
                + "out.push([i,t.textContent,b.x,b.y,b.width,b.height,t.getAttribute('data-box')].join(';'));}));"
                + "const pre=document.createElement('pre');pre.id='boxes';pre.textContent=out.join('|');"
                + "document.body.appendChild(pre);</script>";
        Files.writeString(report, TimelineReport.html(Reports.crowdedPhases()).replace("</body>", measure + "</body>"));
        screenshot("crowded-phases", Reports.crowdedPhases());

        String dom = run("--dump-dom", report.toUri().toString());

        String measured = dom.substring(dom.indexOf("<pre id=\"boxes\">") + 16, dom.indexOf("</pre>", dom.indexOf("<pre id=\"boxes\">")));
        List<String[]> labels = Stream.of(measured.split("\\|")).map(l -> l.split(";")).toList();
        assertThat(labels).hasSize(5); // five phase changes; the timeline has no checks, so only the weight chart
        for (String[] label : labels) {
            String[] estimate = label[6].split(" ");
            assertThat(Double.parseDouble(label[4])).as("rendered width of %s within the estimate", label[1])
                    .isLessThanOrEqualTo(Double.parseDouble(estimate[2]));
        }
        for (String[] a : labels) {
            for (String[] b : labels) {
                if (a != b && a[0].equals(b[0])) {
                    assertThat(overlap(a, b)).as("%s and %s overlap as rendered", a[1], b[1]).isFalse();
                }
            }
        }
    }

    private static boolean overlap(String[] a, String[] b) {
        double ax = Double.parseDouble(a[2]);
        double ay = Double.parseDouble(a[3]);
        double bx = Double.parseDouble(b[2]);
        double by = Double.parseDouble(b[3]);
        return ax < bx + Double.parseDouble(b[4]) && bx < ax + Double.parseDouble(a[4])
                && ay < by + Double.parseDouble(b[5]) && by < ay + Double.parseDouble(a[5]);
    }

    /**
     * Renders {@code timeline} and screenshots it. Both files stay in
     * {@code target/report-screenshots/}, for a person to look at what the test looked at.
     */
    private Path screenshot(String name, io.canarykit.testkit.simulation.Timeline timeline) throws Exception {
        Path out = Path.of("target", "report-screenshots");
        Path report = out.resolve(name + ".html");
        TimelineReport.write(timeline, report);
        Path png = out.resolve(name + ".png").toAbsolutePath();
        run("--screenshot=" + png, "--window-size=1000,1500", "--hide-scrollbars", report.toUri().toString());
        return png;
    }

    /** Runs headless Chromium with a fresh profile; returns its standard output. */
    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
        command.addAll(List.of(args));
        Path stdout = dir.resolve("stdout-" + System.nanoTime());
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("chromium did not finish within 120s: " + command);
        }
        assertThat(process.exitValue()).as("chromium exit code").isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }
}
