package org.implreg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of core (issue 16), one way only:
 * <pre>
 *   linalg → problem → factorization → run → optimizer | flow | convex → metrics → network, theory, method, io
 * </pre>
 * Each package may use the packages to its left (and the root package, for {@link InvalidInputException});
 * optimizer, flow and convex are siblings and never use one another ("no package imports sideways"); none
 * of core uses lab (reproduce, sweep, report) or cli. Checked on the bytecode of core's main classes
 * (tests are left out), so an import that only a Javadoc {@code @link} needs does not count, while a
 * fully qualified use in code does.
 */
class ArchitectureTest {

    static final String ROOT = "org.implreg";
    /** Every package of core. */
    static final List<String> CORE = List.of("linalg", "problem", "factorization", "run", "optimizer", "flow", "convex", "metrics",
        "network", "theory", "method", "io");
    /** The packages of the modules above core. */
    static final List<String> ABOVE_CORE = List.of("reproduce", "sweep", "report", "cli");

    static JavaClasses classes;

    /** Imports core's main classes from where {@link InvalidInputException} was loaded (not every jar on the class path). */
    @BeforeAll
    static void importCore() throws URISyntaxException {
        Path mainClasses = Path.of(InvalidInputException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPath(mainClasses);
    }

    /** {@code pkg} uses no package of org.implreg other than itself and {@code allowed}. */
    static void usesOnly(String pkg, Set<String> allowed) {
        List<String> forbidden = new ArrayList<>();
        for (String p : CORE) {
            if (!p.equals(pkg) && !allowed.contains(p)) {
                forbidden.add(ROOT + "." + p + "..");
            }
        }
        for (String p : ABOVE_CORE) {
            forbidden.add(ROOT + "." + p + "..");
        }
        noClasses().that().resideInAPackage(ROOT + "." + pkg + "..")
            .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
            .because(pkg + " may use only " + (allowed.isEmpty() ? "the JDK and libraries" : new TreeSet<>(allowed)) + " of org.implreg")
            .check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void linalgUsesNothingAboveIt() {
        usesOnly("linalg", Set.of());
    }

    @Test
    void problemUsesOnlyLinalg() {
        usesOnly("problem", Set.of("linalg"));
    }

    @Test
    void factorizationUsesOnlyLinalgAndProblem() {
        usesOnly("factorization", Set.of("linalg", "problem"));
    }

    @Test
    void runProtocolSitsBelowTheMethods() {
        usesOnly("run", Set.of("linalg", "problem", "factorization"));
    }

    /** optimizer, flow and convex: the run protocol and below, never each other (shared pieces live lower). */
    @Test
    void optimizerFlowAndConvexDoNotImportSideways() {
        Set<String> below = Set.of("linalg", "problem", "factorization", "run");
        usesOnly("optimizer", below);
        usesOnly("flow", below);
        usesOnly("convex", below);
    }

    @Test
    void metricsDoNotUseMethodsOrIo() {
        usesOnly("metrics", Set.of("linalg", "problem", "factorization", "run", "optimizer", "flow", "convex"));
    }

    @Test
    void networkAndTheoryDoNotUseMethodsOrIo() {
        Set<String> below = Set.of("linalg", "problem", "factorization", "run", "optimizer", "flow", "convex", "metrics");
        usesOnly("network", below);
        usesOnly("theory", below);
    }

    /** io reads and writes what the library computes; it never reaches into lab or cli (nor does method). */
    @Test
    void ioAndMethodDoNotUseLabOrCli() {
        Set<String> allOfCore = Set.copyOf(CORE);
        usesOnly("io", allOfCore);
        usesOnly("method", allOfCore);
    }
}
