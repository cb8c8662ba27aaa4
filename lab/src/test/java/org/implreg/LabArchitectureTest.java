package org.implreg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.implreg.sweep.SweepRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of lab (issue 16), one way only: {@code sweep → report → analysis → reproduce}, and the atlas
 * ({@code atlas}, issue 30) beside the analyses, on sweep, report and analysis. The
 * sweep engine (specs, runner, record store, engines) knows nothing of reports or reproductions; reports
 * know nothing of reproductions; the analyses ({@code analysis}: {@code Conjecture}) know nothing of
 * reproductions; nothing in lab uses the modules above it (cli, spark). Inside {@code reproduce} (issue 29):
 * the framework ({@code org.implreg.reproduce} itself) imports no paper, each paper's package
 * ({@code org.implreg.reproduce.<paper>}) uses the framework and no other paper; the registry finds the
 * papers through lab's {@code META-INF/services} file. Checked on the bytecode of lab's main classes;
 * core's own graph is {@code ArchitectureTest} in core.
 */
class LabArchitectureTest {

    static final String ROOT = "org.implreg";

    static final String REPRODUCE = ROOT + ".reproduce";

    /** Classes in a paper's package, {@code org.implreg.reproduce.<paper>}. */
    static final DescribedPredicate<JavaClass> PAPER = DescribedPredicate.describe("are in a paper's package",
        c -> c.getPackageName().startsWith(REPRODUCE + "."));

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
    void analysesDoNotUseReproductions() {
        noClasses().that().resideInAPackage(ROOT + ".analysis..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".reproduce..", ROOT + ".cli..", ROOT + ".spark..")
            .check(classes);
    }

    /**
     * The atlas (issue 30: phase diagrams, {@code org.implreg.atlas}) sits beside the analyses: it may use sweeps (the
     * engine and the record store), reports (the serializer) and analyses (the conjecture's answer), but no reproduction
     * and nothing above lab; and nothing below it uses it (a reproduction may).
     */
    @Test
    void theAtlasUsesSweepsReportsAndAnalysesButNoReproduction() {
        noClasses().that().resideInAPackage(ROOT + ".atlas..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".reproduce..", ROOT + ".cli..", ROOT + ".spark..")
            .check(classes);
        noClasses().that().resideInAnyPackage(ROOT + ".sweep..", ROOT + ".report..", ROOT + ".analysis..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".atlas..")
            .check(classes);
        assertThat(classes.stream().filter(c -> c.getPackageName().equals(ROOT + ".atlas")).map(JavaClass::getSimpleName))
            .contains("Atlas", "AtlasSpec", "AtlasSpecs", "AtlasTask", "AtlasRecord");
    }

    /** The framework of reproductions imports no paper (the registry reads the papers' names from the services file). */
    @Test
    void theReproductionFrameworkImportsNoPaper() {
        noClasses().that().resideInAPackage(REPRODUCE)
            .should().dependOnClassesThat(PAPER).check(classes);
    }

    /** Each paper is its own package, and no paper imports another (what two papers share lives in the framework). */
    @Test
    void noPaperImportsAnother() {
        slices().matching(REPRODUCE + ".(*)..").should().notDependOnEachOther().check(classes);
    }

    /** The papers are there: the rules above would hold vacuously if the packages were renamed. */
    @Test
    void theBuiltInReproductionsLiveInTheirPapersPackages() {
        for (String paper : List.of("gunasekar2017", "chou2021", "arora2019", "hou2024", "razin2020", "li2021")) {
            assertThat(classes.stream().anyMatch(c -> c.getPackageName().equals(REPRODUCE + "." + paper))).as(paper).isTrue();
        }
        assertThat(classes.stream().filter(c -> c.getPackageName().equals(REPRODUCE)).map(JavaClass::getSimpleName))
            .contains("Reproduction", "Reproductions", "Page").doesNotContain("Gunasekar2017", "Li2021");
    }

    @Test
    void labDoesNotUseTheModulesAboveIt() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(ROOT + ".cli..", ROOT + ".spark..").check(classes);
    }
}
