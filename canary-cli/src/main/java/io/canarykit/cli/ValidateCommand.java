package io.canarykit.cli;

import io.canarykit.api.CanaryException;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.manifest.ReadResult;
import io.canarykit.core.validation.BuildCapabilities;
import io.canarykit.core.validation.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code canary validate [--strict] [--plugin-path DIR] FILE...}: prints each violation as
 * {@code FILE: <field path>: <message>} ({@code FILE: <field path>: warning: <message>} for warnings)
 * and {@code OK FILE} for each file without errors, on standard output. Unreadable files are
 * reported on standard error.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validates Canary, MetricTemplate and AlertProvider manifests (YAML or JSON, multi-document).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every file is valid (warnings allowed, unless --strict)",
            "1:a file has an error (or, with --strict, a warning)",
            "2:usage error, unreadable file or unusable --plugin-path"})
final class ValidateCommand extends CliCommand {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Manifest files to validate.")
    private List<Path> files = new ArrayList<>();

    @Option(names = "--strict", description = "Treat every warning as an error (unknown fields, providers this build lacks...).")
    private boolean strict;

    @Mixin
    private PluginOptions plugins;

    @Override
    protected int run(PrintWriter out, PrintWriter err) {
        BuildCapabilities build;
        try {
            build = plugins.capabilities(plugins.factories());
        } catch (CanaryException e) {
            err.println("canary: " + e.getMessage());
            return CanaryCli.USAGE_OR_IO;
        }
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
            List<Violation> violations = result.validated(build).allViolations();
            violations.forEach(v -> out.println(file + ": " + v));
            if (violations.stream().anyMatch(v -> v.isError() || strict)) {
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
