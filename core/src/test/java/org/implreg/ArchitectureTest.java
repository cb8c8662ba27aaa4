package org.implreg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of core (issues 16 and 29), one way only:
 * <pre>
 *   linalg → problem → factorization → run → optimizer | flow | convex → metrics → io
 *     → network | theory | completion | grid → method → result
 * </pre>
 * Each package may use the packages to its left (and the root package, for {@link InvalidInputException});
 * siblings (optimizer, flow, convex; network, theory, completion, grid) never use one another ("no package
 * imports sideways"); none of core uses lab (reproduce, sweep, report) or cli. Two packages are held tighter
 * than their place: {@code io} holds file formats only and uses only what formats need (linalg, problem,
 * metrics: see {@link #ioHoldsFormatsOnly}), and {@code method} holds methods only (see
 * {@link #methodHoldsMethodsAndTheirSupportTypesOnly}). Checked on the bytecode of core's main classes
 * (tests are left out), so an import that only a Javadoc {@code @link} needs does not count, while a
 * fully qualified use in code does.
 */
class ArchitectureTest {

    static final String ROOT = "org.implreg";
    /** Every package of core. */
    static final List<String> CORE = List.of("linalg", "problem", "factorization", "run", "optimizer", "flow", "convex", "metrics",
        "io", "network", "theory", "completion", "grid", "method", "result");
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
    void metricsDoNotUseIoOrMethods() {
        usesOnly("metrics", Set.of("linalg", "problem", "factorization", "run", "optimizer", "flow", "convex"));
    }

    /**
     * io holds file formats only: npy/npz, problem, ratings and trace files, data set fetchers, atomic and
     * committed output files, provenance. Of org.implreg it uses only what those formats need: linalg
     * (provenance names the BLAS backend and its thread count), problem (problem and ratings files build a
     * {@code Problem} or {@code AsymmetricCompletion}; provenance names the RNG algorithm) and metrics (a trace
     * file's lines are {@code TraceRecorder} rows). No serializer of a method's result (they need method or an
     * optimizer: {@code result}, {@code completion}), no optimizer, flow, convex solver or method.
     */
    @Test
    void ioHoldsFormatsOnly() {
        usesOnly("io", Set.of("linalg", "problem", "metrics"));
    }

    /**
     * network, theory, completion (GD on UVᵀ with its checkpoint and path files) and grid (the Figure 4
     * grid): what lies below them, io included, never one another.
     */
    @Test
    void networkTheoryCompletionAndGridDoNotImportSideways() {
        Set<String> below = Set.of("linalg", "problem", "factorization", "run", "optimizer", "flow", "convex", "metrics", "io");
        usesOnly("network", below);
        usesOnly("theory", below);
        usesOnly("completion", below);
        usesOnly("grid", below);
    }

    /** method uses everything below it, never result, lab or cli. */
    @Test
    void methodDoesNotUseResultLabOrCli() {
        Set<String> below = new java.util.HashSet<>(CORE);
        below.remove("result");
        usesOnly("method", below);
    }

    /** result serializes what everything below computes; it never reaches into lab or cli. */
    @Test
    void resultDoesNotUseLabOrCli() {
        usesOnly("result", Set.copyOf(CORE));
    }

    /**
     * method holds methods only: the registry {@code Methods}, {@code Method} and its implementations, and
     * their support types. Enforced as: (a) every public top-level type of method is {@code Methods}, a
     * {@code Method}, or is itself named in the public API of those, transitively (a parameter, return type,
     * type argument, bound, record component or public field of a public member: {@code SolveSettings},
     * {@code SolveReport}, {@code CompletionReport}, {@code Capabilities}, {@code ProblemKind}); a type whose
     * nested type alone is named (e.g. an optimizer class whose {@code Options} a method takes) does not count;
     * (b) every other top-level type is package-private and used only by {@code Method} implementations (a
     * helper such as {@code InitialFactors}). An optimizer, a grid or a serializer placed in method fails (a).
     */
    @Test
    void methodHoldsMethodsAndTheirSupportTypesOnly() {
        String pkg = ROOT + ".method";
        List<JavaClass> topLevel = classes.stream().filter(c -> c.getPackageName().equals(pkg) && c.isTopLevelClass()).toList();
        Class<?> method = classes.get(pkg + ".Method").reflect();
        Set<Class<?>> named = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (JavaClass c : topLevel) {
            Class<?> k = c.reflect();
            if (method.isAssignableFrom(k) || c.getSimpleName().equals("Methods")) {
                named.add(k);
                todo.add(k);
            }
        }
        while (!todo.isEmpty()) {
            for (Type t : publicSignature(todo.poll())) {
                for (Class<?> k : classesIn(t, new HashSet<>())) {
                    if (k.getPackageName().equals(pkg) && named.add(k)) {
                        todo.add(k);
                    }
                }
            }
        }
        List<String> offenders = new ArrayList<>();
        for (JavaClass c : topLevel) {
            Class<?> k = c.reflect();
            if (c.getModifiers().contains(JavaModifier.PUBLIC)) {
                if (!named.contains(k)) {
                    offenders.add(c.getSimpleName() + " is public but neither a Method, Methods nor named in their API");
                }
            } else if (!method.isAssignableFrom(k)) {
                for (Dependency d : c.getDirectDependenciesToSelf()) {
                    JavaClass user = topLevelOf(d.getOriginClass());
                    if (!user.equals(c) && !method.isAssignableFrom(user.reflect())) {
                        offenders.add(c.getSimpleName() + " is used by " + user.getName() + ", which is not a Method");
                    }
                }
            }
        }
        assertThat(named).as("the API walk reached the support types").extracting(Class::getSimpleName)
            .contains("SolveSettings", "SolveReport", "CompletionReport", "Capabilities", "ProblemKind");
        assertThat(offenders).as("method holds Methods, Method implementations and their support types only").isEmpty();
    }

    /** The types in the public signature of {@code k}: public methods, constructors, fields, record components. */
    static List<Type> publicSignature(Class<?> k) {
        List<Type> out = new ArrayList<>();
        for (java.lang.reflect.Method m : k.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
                out.add(m.getGenericReturnType());
                out.addAll(List.of(m.getGenericParameterTypes()));
            }
        }
        for (java.lang.reflect.Constructor<?> c : k.getDeclaredConstructors()) {
            if (Modifier.isPublic(c.getModifiers())) {
                out.addAll(List.of(c.getGenericParameterTypes()));
            }
        }
        for (java.lang.reflect.Field f : k.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers())) {
                out.add(f.getGenericType());
            }
        }
        if (k.isRecord()) {
            for (java.lang.reflect.RecordComponent r : k.getRecordComponents()) {
                out.add(r.getGenericType());
            }
        }
        return out;
    }

    /** Every class a type names: itself, its array components, type arguments and bounds. */
    static Set<Class<?>> classesIn(Type t, Set<Type> seen) {
        Set<Class<?>> out = new HashSet<>();
        if (!seen.add(t)) {
            return out;
        }
        if (t instanceof Class<?> c) {
            out.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof ParameterizedType p) {
            out.addAll(classesIn(p.getRawType(), seen));
            for (Type a : p.getActualTypeArguments()) {
                out.addAll(classesIn(a, seen));
            }
        } else if (t instanceof GenericArrayType g) {
            out.addAll(classesIn(g.getGenericComponentType(), seen));
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                out.addAll(classesIn(b, seen));
            }
            for (Type b : w.getLowerBounds()) {
                out.addAll(classesIn(b, seen));
            }
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                out.addAll(classesIn(b, seen));
            }
        }
        return out;
    }

    static JavaClass topLevelOf(JavaClass c) {
        JavaClass out = c;
        while (out.getEnclosingClass().isPresent()) {
            out = out.getEnclosingClass().get();
        }
        return out;
    }
}
