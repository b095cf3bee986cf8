package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * canary-bom pins what users need consistent: every published module, and the HTTP stack at the
 * versions the tests ran with (this class path is the one every module's tests resolve).
 */
class BomTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void theBomPinsTheHttpStackTheTestsRunWith() throws Exception {
        Document bom = read(ROOT.resolve("canary-bom/pom.xml"));
        Document parent = read(ROOT.resolve("pom.xml"));

        assertThat(property(bom, "okhttp.version")).isEqualTo(property(parent, "okhttp.version"))
                .isEqualTo(jarVersion(okhttp3.OkHttpClient.class, "okhttp-jvm-"));
        assertThat(property(bom, "okio.version")).isEqualTo(jarVersion(okio.Buffer.class, "okio-jvm-"));
        assertThat(property(bom, "kotlin-stdlib.version")).isEqualTo(property(parent, "kotlin-stdlib.version"))
                .isEqualTo(jarVersion(kotlin.Unit.class, "kotlin-stdlib-"));
        assertThat(managed(bom)).contains("com.squareup.okhttp3:okhttp-bom", "com.squareup.okio:okio-bom",
                "org.jetbrains.kotlin:kotlin-stdlib");
    }

    @Test
    void theBomListsEveryPublishedModule() throws Exception {
        List<String> managed = managed(read(ROOT.resolve("canary-bom/pom.xml")));

        assertThat(managed).contains("io.canarykit:canary-api", "io.canarykit:canary-core", "io.canarykit:canary-testkit",
                "io.canarykit:canary-prometheus", "io.canarykit:canary-k8s", "io.canarykit:canary-gatewayapi",
                "io.canarykit:canary-cli");
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static String property(Document pom, String name) {
        return pom.getElementsByTagName("properties").item(0) instanceof Element properties
                ? properties.getElementsByTagName(name).item(0).getTextContent().strip()
                : "";
    }

    private static List<String> managed(Document pom) {
        NodeList dependencies = ((Element) pom.getElementsByTagName("dependencyManagement").item(0))
                .getElementsByTagName("dependency");
        List<String> coordinates = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            coordinates.add(dependency.getElementsByTagName("groupId").item(0).getTextContent() + ":"
                    + dependency.getElementsByTagName("artifactId").item(0).getTextContent());
        }
        return coordinates;
    }

    /** The version in the name of the jar {@code type} was loaded from, e.g. {@code 5.4.0} of {@code okhttp-jvm-5.4.0.jar}. */
    private static String jarVersion(Class<?> type, String prefix) throws Exception {
        String jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
        assertThat(jar).startsWith(prefix).endsWith(".jar");
        return jar.substring(prefix.length(), jar.length() - ".jar".length());
    }
}
