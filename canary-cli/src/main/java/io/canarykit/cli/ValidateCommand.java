package io.canarykit.cli;

import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.manifest.ReadResult;
import io.canarykit.core.validation.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code canary validate FILE...}: prints each violation as {@code FILE: <field path>: <message>}
 * ({@code FILE: <field path>: warning: <message>} for warnings) and {@code OK FILE} for each file
 * without errors, on standard output. Unreadable files are reported on standard error.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validates Canary, MetricTemplate and AlertProvider manifests (YAML or JSON, multi-document).")
final class ValidateCommand extends CliCommand {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Manifest files to validate.")
    private List<Path> files = new ArrayList<>();

    @Override
    protected int run(PrintWriter out, PrintWriter err) {
        boolean invalid = false;
        boolean unreadable = false;
        for (Path file : files) {
            ReadResult result;
            try {
                result = ManifestReader.read(file);
            } catch (NoSuchFileException e) {
                err.println("canary: " + file + ": no such file");
                unreadable = true;
                continue;
            } catch (IOException e) {
                err.println("canary: " + file + ": cannot read: " + e.getMessage());
                unreadable = true;
                continue;
            }
            List<Violation> violations = result.validated().allViolations();
            violations.forEach(v -> out.println(file + ": " + v));
            if (violations.stream().anyMatch(Violation::isError)) {
                invalid = true;
            } else {
                out.println("OK " + file);
            }
        }
        if (unreadable) {
            return CanaryCli.USAGE_OR_IO;
        }
        return invalid ? CanaryCli.NEGATIVE : CanaryCli.OK;
    }
}
