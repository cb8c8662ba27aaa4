package org.implreg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.implreg.sweep.SweepRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of lab (issue 16), one way only: {@code sweep → report → reproduce}. The sweep engine
 * (specs, runner, record store, engines) knows nothing of reports or reproductions; reports know nothing
 * of reproductions; nothing in lab uses the modules above it (cli, spark). Checked on the bytecode of
 * lab's main classes; core's own graph is {@code ArchitectureTest} in core.
 */
class LabArchitectureTest {

    static final String ROOT = "org.implreg";

    static JavaClasses classes;

    /** Imports lab's main classes from where {@link SweepRunner} was loaded. */
    @BeforeAll
    static void importLab() throws URISyntaxException {
        Path mainClasses = Path.of(SweepRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPath(mainClasses);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void sweepEngineUsesNeitherReportsNorReproductions() {
        noClasses().that().resideInAPackage(ROOT + ".sweep..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".report..", ROOT + ".reproduce..", ROOT + ".cli..", ROOT + ".spark..")
            .check(classes);
    }

    @Test
    void reportsDoNotUseReproductions() {
        noClasses().that().resideInAPackage(ROOT + ".report..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".reproduce..", ROOT + ".cli..", ROOT + ".spark..")
            .check(classes);
    }

    @Test
    void labDoesNotUseTheModulesAboveIt() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(ROOT + ".cli..", ROOT + ".spark..").check(classes);
    }
}
