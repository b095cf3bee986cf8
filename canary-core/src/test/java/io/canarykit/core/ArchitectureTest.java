package io.canarykit.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine stays a pure library: only the manifest package may touch Jackson, nothing touches the rest. */
@AnalyzeClasses(packages = "io.canarykit.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule CORE_OUTSIDE_MANIFEST_IS_FREE_OF_ADAPTER_LIBRARIES = noClasses()
            .that().resideInAPackage("io.canarykit.core..")
            .and().resideOutsideOfPackage("io.canarykit.core.manifest..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "okhttp3..", "com.fasterxml.jackson..",
                    "tools.jackson..", "io.github.resilience4j..");

    @ArchTest
    static final ArchRule MANIFEST_USES_NO_KUBERNETES_HTTP_OR_RESILIENCE_LIBRARIES = noClasses()
            .that().resideInAPackage("io.canarykit.core.manifest..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "okhttp3..", "io.github.resilience4j..");
}
