package io.canarykit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Keeps the code in README.md true. Every {@code ```java} block (and any other block with a marker)
 * must be preceded by a marker line {@code <!-- snippet: PATH#TAG -->} naming a file under
 * {@code examples/} and a region in it between {@code tag::TAG[]} and {@code end::TAG[]} comments;
 * the block must equal that region, compared line by line after removing the common leading
 * indentation. The region lives in code that compiles and runs in this module's build, so a README
 * snippet that stops compiling or behaving fails the build. XML and YAML blocks must also parse.
 */
class ReadmeSnippetsTest {

    /** Surefire runs in the module's directory; the README is at the project root. */
    private static final Path ROOT = Path.of("..");
    private static final Pattern MARKER = Pattern.compile("^<!-- snippet: (\\S+)#(\\S+) -->$");
    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");

    record Block(int line, String language, List<String> lines, String marker) {
    }

    @Test
    void everyJavaBlockIsQuotedFromCompilingCodeInExamples() throws IOException {
        List<Block> java = blocks().stream().filter(b -> b.language().equals("java")).toList();
        assertThat(java).as("README.md has Java snippets").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Block block : java) {
            if (block.marker() == null) {
                problems.add("README.md:" + block.line() + ": a ```java block without a <!-- snippet: PATH#TAG --> marker");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMarkedBlockEqualsItsTaggedRegion() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Block block : blocks()) {
            if (block.marker() != null) {
                checkQuote(block, problems);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void xmlBlocksAreWellFormedAndNameOnlyArtifactsOfTheBom() throws Exception {
        List<String> bomArtifacts = artifactIds(parse(Files.readString(ROOT.resolve("canary-bom").resolve("pom.xml"))),
                "/project/dependencyManagement/dependencies/dependency[groupId='io.canarykit']/artifactId");
        assertThat(bomArtifacts).contains("canary-api", "canary-core", "canary-testkit");
        List<String> known = new ArrayList<>(bomArtifacts);
        known.add("canary-bom");
        List<Block> xml = blocks().stream().filter(b -> b.language().equals("xml")).toList();
        assertThat(xml).isNotEmpty();
        for (Block block : xml) {
            // A snippet may hold several sibling elements: parse it inside a wrapper element.
            Document doc = parse("<snippet>" + String.join("\n", block.lines()) + "</snippet>");
            assertThat(artifactIds(doc, "//dependency[groupId='io.canarykit']/artifactId"))
                    .as("README.md:%d names CanaryKit artifacts the BOM manages", block.line())
                    .isSubsetOf(known);
        }
    }

    @Test
    void theBomIsImportedAndTheModulesNeedNoVersion() throws Exception {
        Block bom = blocks().stream().filter(b -> b.language().equals("xml"))
                .filter(b -> String.join("\n", b.lines()).contains("<artifactId>canary-bom</artifactId>"))
                .findFirst().orElseThrow(() -> new AssertionError("README.md shows no canary-bom import"));
        Document doc = parse("<snippet>" + String.join("\n", bom.lines()) + "</snippet>");
        var xpath = XPathFactory.newInstance().newXPath();
        assertThat(xpath.evaluate("//dependencyManagement//dependency[artifactId='canary-bom']/type", doc)).isEqualTo("pom");
        assertThat(xpath.evaluate("//dependencyManagement//dependency[artifactId='canary-bom']/scope", doc)).isEqualTo("import");
        assertThat(xpath.evaluate("//dependencyManagement//dependency[artifactId='canary-bom']/groupId", doc)).isEqualTo("io.canarykit");
        NodeList versioned = (NodeList) xpath.evaluate("/snippet/dependencies/dependency[version]", doc, XPathConstants.NODESET);
        assertThat(versioned.getLength()).as("dependencies below the BOM import carry no version").isZero();
    }

    @Test
    void yamlBlocksParse() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<Block> blocks = blocks().stream().filter(b -> b.language().equals("yaml")).toList();
        assertThat(blocks).isNotEmpty();
        for (Block block : blocks) {
            try {
                yaml.readTree(String.join("\n", block.lines()));
            } catch (IOException e) {
                fail("README.md:%d: a ```yaml block does not parse: %s", block.line(), e.getMessage());
            }
        }
    }

    @Test
    void readmeAndDocsPointNowhereOutsideTheRepository() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (var docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
        for (Path file : files) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain("shared/", "DESIGN §");
        }
    }

    private static void checkQuote(Block block, List<String> problems) throws IOException {
        Matcher m = MARKER.matcher(block.marker());
        if (!m.matches()) {
            problems.add("README.md:" + block.line() + ": malformed marker " + block.marker());
            return;
        }
        String where = "README.md:" + block.line() + " (" + m.group(1) + "#" + m.group(2) + ")";
        Path file = ROOT.resolve(m.group(1)).normalize();
        if (!m.group(1).startsWith("examples/") || !Files.isRegularFile(file)) {
            problems.add(where + ": no such file under examples/");
            return;
        }
        List<String> region = region(Files.readAllLines(file), m.group(2));
        if (region.isEmpty()) {
            problems.add(where + ": no region tag::" + m.group(2) + "[] ... end::" + m.group(2) + "[] in " + m.group(1));
            return;
        }
        List<String> expected = dedent(region);
        List<String> actual = dedent(block.lines());
        if (!expected.equals(actual)) {
            problems.add(where + ": the README's block differs from the source; first difference at block line "
                    + (firstDifference(expected, actual) + 1) + "\n--- source\n" + String.join("\n", expected)
                    + "\n--- README\n" + String.join("\n", actual));
        }
    }

    /** The lines between {@code tag::NAME[]} and {@code end::NAME[]}, or none if there is no such region. */
    static List<String> region(List<String> lines, String tag) {
        List<String> region = new ArrayList<>();
        boolean inside = false;
        boolean found = false;
        for (String line : lines) {
            if (line.contains("end::" + tag + "[]")) {
                inside = false;
            } else if (line.contains("tag::" + tag + "[]")) {
                inside = true;
                found = true;
            } else if (inside) {
                region.add(line);
            }
        }
        return found ? region : List.of();
    }

    static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).collect(Collectors.toList());
    }

    private static int firstDifference(List<String> a, List<String> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }

    /** The fenced blocks of README.md, each with the marker line just before it (blank lines skipped), if any. */
    static List<Block> blocks() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                continue;
            }
            int start = i;
            List<String> body = new ArrayList<>();
            for (i = i + 1; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                body.add(lines.get(i));
            }
            int previous = start - 1;
            while (previous >= 0 && lines.get(previous).isBlank()) {
                previous--;
            }
            String marker = previous >= 0 && lines.get(previous).startsWith("<!-- snippet:") ? lines.get(previous).strip() : null;
            blocks.add(new Block(start + 1, fence.group(1), body, marker));
        }
        return blocks;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static List<String> artifactIds(Document doc, String expression) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(expression, doc, XPathConstants.NODESET);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            ids.add(nodes.item(i).getTextContent().strip());
        }
        return ids;
    }
}
