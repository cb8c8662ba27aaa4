package org.implreg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java examples (its "Java API" section) are compiled AS WRITTEN against implreg-lab's class path
 * (core, lab and their libraries; no picocli, no cli module) and run, so the documented API cannot drift
 * from the code. Each fenced {@code java} block is a list of imports followed by statements: the imports
 * open a generated class of its own ({@code ReadmeBlockN}), the statements become its one static method;
 * nothing else is imported, so a block that uses a class it does not import, or imports one from the wrong
 * package, fails to compile here. A block preceded by the comment
 * {@code <!-- ReadmeJavaExampleTest: compile only … -->} is compiled but not run (the paper-size MovieLens
 * run takes minutes). Paths in the examples are relative to the repository root as a reader would run them
 * there; the test resolves {@code examples/} and the MovieLens files against the repository and the shared
 * data folder, and sends {@code results/} to a temporary folder.
 *
 * <p>Every fully qualified {@code org.implreg.…} class named in README.md and docs/*.md must exist as a source
 * file of one of the modules (the README once named {@code org.implreg.io.SpecFiles}, which is in
 * {@code org.implreg.sweep}).
 */
class ReadmeJavaExampleTest {

    /** A fenced java block of the README and whether it runs. */
    record Block(int line, String code, boolean run) {
        /** The block's leading import lines (blank lines between them skipped). */
        List<String> imports() {
            List<String> out = new ArrayList<>();
            for (String l : code.split("\n", -1)) {
                if (l.startsWith("import ")) {
                    out.add(l);
                } else if (!l.isBlank()) {
                    break;
                }
            }
            return out;
        }

        /** The statements after the imports. */
        String body() {
            String[] lines = code.split("\n", -1);
            int i = 0;
            while (i < lines.length && (lines[i].startsWith("import ") || lines[i].isBlank())) {
                i++;
            }
            String rest = String.join("\n", Arrays.copyOfRange(lines, i, lines.length));
            assertThat(rest).as("README.md Java block at line " + line + ": imports only at its start").doesNotContainPattern("(?m)^import ");
            return rest;
        }
    }

    @Test
    void javaExamplesCompileAndRun(@TempDir Path tmp) throws Exception {
        assertThat(getClass().getClassLoader().getResource("picocli/CommandLine.class"))
            .as("the library runs without the command line's picocli").isNull();
        Path repo = repositoryRoot();
        List<Block> blocks = javaBlocks(Files.readString(repo.resolve("README.md"), StandardCharsets.UTF_8));
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
        assertThat(blocks.stream().filter(Block::run).count()).isGreaterThanOrEqualTo(3);

        assertThat(blocks).as("every block brings its own imports").allSatisfy(b -> assertThat(b.imports()).isNotEmpty());
        Path srcDir = Files.createDirectories(tmp.resolve("src"));
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Path src = srcDir.resolve("ReadmeBlock" + i + ".java");
            Files.writeString(src, source(i, blocks.get(i), repo, tmp.resolve("results")), StandardCharsets.UTF_8);
            sources.add(src);
        }
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        compile(sources, classes);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            for (int i = 0; i < blocks.size(); i++) {
                if (!blocks.get(i).run()) {
                    continue;
                }
                Method m = loader.loadClass("ReadmeBlock" + i).getDeclaredMethod("run");
                try {
                    m.invoke(null);
                } catch (InvocationTargetException e) {
                    throw new AssertionError("README.md Java block at line " + blocks.get(i).line() + " failed: " + e.getCause(), e.getCause());
                }
            }
        }
        // the reproduction example wrote its page where the test sent results/
        assertThat(tmp.resolve("results/gunasekar2017-grid/summary.json")).isRegularFile();
        assertThat(tmp.resolve("results/gunasekar2017-grid/index.html")).isRegularFile();
    }

    /** A fully qualified implreg class as the docs write it (a nested class after {@code $} or {@code .} is left out). */
    static final Pattern QUALIFIED = Pattern.compile("org\\.implreg(?:\\.[a-z][a-z0-9]*)*\\.[A-Z][A-Za-z0-9]*");

    @Test
    void everyClassTheDocsNameExists() throws IOException {
        Path repo = repositoryRoot();
        List<Path> docs = new ArrayList<>(List.of(repo.resolve("README.md")));
        try (Stream<Path> s = Files.list(repo.resolve("docs"))) {
            s.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        TreeSet<String> missing = new TreeSet<>();
        int named = 0;
        for (Path doc : docs) {
            Matcher m = QUALIFIED.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                named++;
                String file = m.group().replace('.', '/') + ".java";
                boolean found = false;
                for (String module : List.of("core", "lab", "cli", "spark", "bench", "examples/java")) {
                    for (String tree : List.of("src/main/java/", "src/test/java/")) {
                        found |= Files.isRegularFile(repo.resolve(module).resolve(tree + file));
                    }
                }
                if (!found) {
                    missing.add(repo.relativize(doc) + ": " + m.group());
                }
            }
        }
        assertThat(named).as("the docs name implreg classes").isGreaterThan(10);
        assertThat(missing).as("classes named in the docs that do not exist").isEmpty();
    }

    /** The folder holding README.md and lab/ (surefire runs in the module's folder). */
    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("lab")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("README.md not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** The fenced java blocks of the README's "Java API" section, in order. */
    static List<Block> javaBlocks(String readme) {
        int from = readme.indexOf("\n## Java API");
        assertThat(from).as("README has a '## Java API' section").isGreaterThanOrEqualTo(0);
        int to = readme.indexOf("\n## ", from + 1);
        String section = readme.substring(from, to < 0 ? readme.length() : to);
        int lineOffset = (int) readme.substring(0, from).chars().filter(c -> c == '\n').count() + 1;
        List<Block> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```java\\n(.*?)^```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            String before = section.substring(0, m.start()).stripTrailing();
            String previousLine = before.substring(before.lastIndexOf('\n') + 1);
            boolean compileOnly = previousLine.startsWith("<!-- ReadmeJavaExampleTest: compile only");
            int line = lineOffset + (int) section.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            out.add(new Block(line, m.group(1), !compileOnly));
        }
        return out;
    }

    /**
     * Block {@code i} as a compilation unit: its own imports, then a class with one static method holding its
     * statements; only example paths are rewritten (see the class comment), nothing is imported for it.
     */
    static String source(int i, Block block, Path repo, Path results) {
        Path movieLens = repo.resolveSibling("shared").resolve("data/ml-100k");
        String code = block.body()
            .replace("Path.of(\"examples/", "Path.of(" + literal(repo.resolve("examples") + "/"))
            .replace("Path.of(\"results", "Path.of(" + literal(results.toString()))
            .replace("Path.of(\"ua.", "Path.of(" + literal(movieLens + "/ua."));
        StringBuilder sb = new StringBuilder();
        block.imports().forEach(l -> sb.append(l).append('\n'));
        sb.append("\n// README.md line ").append(block.line()).append('\n');
        sb.append("@SuppressWarnings(\"unused\")\npublic class ReadmeBlock").append(i).append(" {\n");
        sb.append("  public static void run() throws Exception {\n").append(code).append("  }\n}\n");
        return sb.toString();
    }

    /** A Java string literal's opening: the quote and the escaped text, without the closing quote. */
    static String literal(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Compiles {@code sources} into {@code classes} on this test's class path, failing with javac's messages. */
    static void compile(List<Path> sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK compiler").isNotNull();
        // surefire may start the JVM from a manifest-only jar; it states the real class path here
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            StringWriter out = new StringWriter();
            boolean ok = javac.getTask(out, files, diagnostics,
                List.of("-classpath", classPath, "-d", classes.toString(), "-proc:none", "-encoding", "UTF-8"),
                null, files.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                StringBuilder msg = new StringBuilder("README.md Java examples do not compile:\n");
                diagnostics.getDiagnostics().forEach(d -> msg.append("  ").append(d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName()).append(" line ").append(d.getLineNumber()).append(": ")
                    .append(d.getMessage(Locale.ROOT)).append('\n'));
                throw new AssertionError(msg + out.toString() + "\n(class path entries: " + classPath.split(File.pathSeparator).length + ")");
            }
        }
    }
}
