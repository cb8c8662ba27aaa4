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
import java.util.ArrayList;
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
 * The README's Java examples (its "Java API" section) are compiled against implreg-lab's class path
 * (core, lab and their libraries; no picocli, no cli module) and run, so the documented API cannot drift
 * from the code. Each fenced {@code java} block becomes one static method of a generated class. A block
 * preceded by the comment {@code <!-- ReadmeJavaExampleTest: compile only … -->} is compiled but not run
 * (the paper-size MovieLens run takes minutes). Paths in the examples are relative to the repository
 * root as a reader would run them there; the test resolves {@code examples/} and the MovieLens files
 * against the repository and the shared data folder, and sends {@code results/} to a temporary folder.
 */
class ReadmeJavaExampleTest {

    /** The packages a reader imports (all of core's and lab's). */
    static final List<String> PACKAGES = List.of("linalg", "problem", "factorization", "run", "optimizer", "flow", "convex",
        "metrics", "network", "theory", "method", "io", "sweep", "report", "reproduce");

    /** A fenced java block of the README and whether it runs. */
    record Block(int line, String code, boolean run) {}

    @Test
    void javaExamplesCompileAndRun(@TempDir Path tmp) throws Exception {
        assertThat(getClass().getClassLoader().getResource("picocli/CommandLine.class"))
            .as("the library runs without the command line's picocli").isNull();
        Path repo = repositoryRoot();
        List<Block> blocks = javaBlocks(Files.readString(repo.resolve("README.md"), StandardCharsets.UTF_8));
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
        assertThat(blocks.stream().filter(Block::run).count()).isGreaterThanOrEqualTo(3);

        Path src = tmp.resolve("src/ReadmeExamples.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source(blocks, repo, tmp.resolve("results")), StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        compile(src, classes);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> examples = loader.loadClass("ReadmeExamples");
            for (int i = 0; i < blocks.size(); i++) {
                if (!blocks.get(i).run()) {
                    continue;
                }
                Method m = examples.getDeclaredMethod("block" + i);
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

    /** One class, a static method a block; example paths resolved for the test. */
    static String source(List<Block> blocks, Path repo, Path results) {
        Path movieLens = repo.resolveSibling("shared").resolve("data/ml-100k");
        StringBuilder sb = new StringBuilder();
        sb.append("import java.io.*;\nimport java.nio.file.*;\nimport java.util.*;\n");
        for (String p : PACKAGES) {
            sb.append("import org.implreg.").append(p).append(".*;\n");
        }
        sb.append("\n@SuppressWarnings(\"unused\")\npublic class ReadmeExamples {\n");
        for (int i = 0; i < blocks.size(); i++) {
            String code = blocks.get(i).code()
                .replace("Path.of(\"examples/", "Path.of(" + literal(repo.resolve("examples") + "/"))
                .replace("Path.of(\"results", "Path.of(" + literal(results.toString()))
                .replace("Path.of(\"ua.", "Path.of(" + literal(movieLens + "/ua."));
            sb.append("  // README.md line ").append(blocks.get(i).line()).append('\n');
            sb.append("  public static void block").append(i).append("() throws Exception {\n").append(code).append("  }\n\n");
        }
        return sb.append("}\n").toString();
    }

    /** A Java string literal's opening: the quote and the escaped text, without the closing quote. */
    static String literal(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Compiles {@code src} into {@code classes} on this test's class path, failing with javac's messages. */
    static void compile(Path src, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK compiler").isNotNull();
        // surefire may start the JVM from a manifest-only jar; it states the real class path here
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            StringWriter out = new StringWriter();
            boolean ok = javac.getTask(out, files, diagnostics,
                List.of("-classpath", classPath, "-d", classes.toString(), "-proc:none", "-encoding", "UTF-8"),
                null, files.getJavaFileObjects(src.toFile())).call();
            if (!ok) {
                StringBuilder msg = new StringBuilder("README.md Java examples do not compile:\n");
                diagnostics.getDiagnostics().forEach(d -> msg.append("  generated line ").append(d.getLineNumber()).append(": ")
                    .append(d.getMessage(Locale.ROOT)).append('\n'));
                throw new AssertionError(msg + out.toString() + "\n(class path entries: " + classPath.split(File.pathSeparator).length + ")");
            }
        }
    }
}
