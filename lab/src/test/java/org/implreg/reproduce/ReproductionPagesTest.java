package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.implreg.io.Json;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.Monitor;
import org.implreg.sweep.RunConfig;
import org.implreg.sweep.SweepEngine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Every registered reproduction at CI size ({@link Reproduction#ciSized()}), run into one results folder
 * as {@code implreg reproduce} does, so that the home page and every reproduction page are rendered
 * from real output; then the pages are checked as HTML and in a real browser (headless Chromium through
 * Debian's chromedriver: images loaded, no console errors, every link resolves, verdict badges present),
 * keeping a screenshot of each page in {@code target/browser-screenshots/}. The browser test is skipped,
 * with a message, only where {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing
 * ({@code .ci/run} installs both).
 */
class ReproductionPagesTest {
    static final Path RESULTS = Path.of("target", "ci-sized-results");
    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Seconds each CI-sized reproduction took (a reproduction over a few seconds wants a smaller ciSized()). */
    static final Map<String, Double> SECONDS = new LinkedHashMap<>();

    /** Whether this JVM has run them (other test classes, e.g. {@code ReproductionDocsKeysTest}, read the same results). */
    private static boolean ran;

    /** Runs every registered reproduction at CI size into {@link #RESULTS}, once per JVM. */
    @BeforeAll
    static synchronized void runEveryReproductionAtCiSize() throws IOException {
        if (ran) {
            return;
        }
        ran = true;
        delete(RESULTS);
        for (Reproduction r : Reproductions.all().values()) {
            long t0 = System.nanoTime();
            r.ciSized().run(new Reproduction.Context(RESULTS.resolve(r.name()), false, 1, 2, 32, Monitor.NONE,
                new PrintWriter(new StringWriter()), null, recordingLocal(r.name())));
            SECONDS.put(r.name(), (System.nanoTime() - t0) / 1e9);
        }
        Files.writeString(RESULTS.resolve("seconds.json"), Json.toJson(SECONDS));
    }

    /** The reproductions whose CI-sized run sent a sweep to its context's engine. */
    static final Set<String> SWEPT = new TreeSet<>();

    /** The local engine, noting that reproduction {@code name} used it. */
    static SweepEngine recordingLocal(String name) {
        return new SweepEngine() {
            @Override
            public void runUnits(ExperimentSpec spec, List<List<RunConfig>> units, int threads, int batch,
                                 Consumer<Map<String, Object>> sink) {
                SWEPT.add(name);
                SweepEngine.LOCAL.runUnits(spec, units, threads, batch, sink);
            }

            @Override
            public void runTasks(List<? extends SweepEngine.Task> tasks, int threads, Consumer<Map<String, Object>> sink) {
                SWEPT.add(name);
                SweepEngine.LOCAL.runTasks(tasks, threads, sink);
            }

            @Override
            public String describe() {
                return SweepEngine.LOCAL.describe();
            }

            @Override
            public boolean supportsTraces() {
                return SweepEngine.LOCAL.supportsTraces();
            }
        };
    }

    @Test
    void aReproductionDeclaresRunsSweepsExactlyWhenItSendsSweepsToItsEngine() {
        Set<String> declared = new TreeSet<>();
        Reproductions.all().values().stream().filter(r -> r.ciSized().runsSweeps()).forEach(r -> declared.add(r.name()));
        // the spark module runs the declared ones on Spark local[2]: one that sweeps undeclared would never be tried there
        assertThat(declared).as("Reproduction.runsSweeps() of the CI-sized reproductions").isEqualTo(SWEPT)
            .contains("gunasekar2017", "hou2024", "atlas");
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The pages: the home page, then each reproduction's. */
    static List<Path> pages() {
        List<Path> pages = new ArrayList<>(List.of(RESULTS.resolve("index.html")));
        Reproductions.all().keySet().forEach(n -> pages.add(RESULTS.resolve(n).resolve("index.html")));
        return pages;
    }

    @Test
    void theHomePageListsEveryRegisteredReproductionAndEachPageLinksBackAndNamesItsKeys() throws IOException {
        String home = Files.readString(RESULTS.resolve("index.html"));
        assertThat(home).contains(HomePage.GENERATOR);
        for (String name : Reproductions.all().keySet()) {
            JsonNode s = Json.MAPPER.readTree(RESULTS.resolve(name).resolve("summary.json").toFile());
            assertThat(home).as(name).contains("<tr class=\"reproduction\" id=\"" + name + "\">")
                .contains("href=\"" + name + "/index.html\"").contains("src=\"" + name + "/figures/");
            assertThat(s.get("verdicts").size()).as(name).isPositive();
            String page = Files.readString(RESULTS.resolve(name).resolve("index.html"));
            assertThat(page).as(name).contains("<a href=\"../index.html\">").contains("id=\"summary-keys\"")
                .contains("<code>seconds</code>").contains("<code class=\"key\" title=\"summary.json key\">verdicts[].verdict</code>");
            // one badge per verdict, in the summary's words, titled on the home page with the verdict's sentence
            for (JsonNode v : s.get("verdicts")) {
                assertThat(page).as(name).contains("class=\"badge verdict-" + v.get("verdict").asText() + "\"");
                // whose claim, and one sentence from the numbers that starts with the claim's headline
                assertThat(v.get("owner").asText()).as(name).isNotBlank();
                String found = v.get("found").asText();
                assertThat(found).as(name).startsWith(v.get("headline").asText()).endsWith(".").contains(v.get("owner").asText());
                assertThat(home).as(name).contains("title=\"" + org.implreg.report.Html.esc(found) + "\"");
                assertThat(page).as(name).contains(org.implreg.report.Html.esc(found));
            }
            // the page opens with what was found; provenance comes after every finding
            String body = page.substring(page.indexOf("</h1>"));
            assertThat(body).as(name).startsWith("</h1>\n<ul class=\"found\">\n<li>");
            assertThat(page.indexOf("id=\"provenance\"")).as(name + ": provenance after the findings")
                .isGreaterThan(page.lastIndexOf(org.implreg.report.Html.esc(s.get("verdicts").get(s.get("verdicts").size() - 1)
                    .get("found").asText())));
        }
        // every href and src of every page resolves, also where no browser runs the test below
        for (Path page : pages()) {
            assertEveryLinkResolves(page);
        }
        // rows in registry order
        List<Integer> at = Reproductions.all().keySet().stream().map(n -> home.indexOf("id=\"" + n + "\"")).toList();
        assertThat(at).isSorted();
    }

    /**
     * Every {@code href} and {@code src} of {@code page} (data: URLs aside) names a file of the results folder
     * that exists, percent-decoded and resolved against the page's folder; a fragment on the page itself names an
     * element id of the page.
     */
    static void assertEveryLinkResolves(Path page) throws IOException {
        String html = Files.readString(page);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(href|src)=\"([^\"]*)\"").matcher(html);
        int n = 0;
        while (m.find()) {
            String ref = m.group(2).replace("&amp;", "&");
            if (ref.startsWith("data:")) {
                continue;
            }
            n++;
            URI u = URI.create(ref);
            assertThat(u.getScheme()).as(page + ": " + ref + " is relative").isNull();
            Path target = u.getPath().isEmpty() ? page : page.getParent().resolve(u.getPath()).normalize();
            assertThat(target).as(page + ": " + ref).exists();
            assertThat(target.toRealPath().startsWith(RESULTS.toRealPath())).as(page + ": " + ref + " stays in the results").isTrue();
            if (u.getFragment() != null && target.equals(page)) {
                assertThat(html).as(page + ": anchor " + ref).contains("id=\"" + u.getFragment() + "\"");
            }
        }
        assertThat(n).as(page + ": links").isPositive();
    }

    @Test
    void everyPageRendersInHeadlessChromium() throws IOException {
        assumeChromium();
        Files.createDirectories(SCREENSHOTS);
        long t0 = System.nanoTime();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Path profile = Files.createTempDirectory("implreg-chromium-");
        ChromeDriver driver = chromium(profile);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            seconds.put("start", (System.nanoTime() - t0) / 1e9);
            for (Path page : pages()) {
                long t = System.nanoTime();
                seconds.put(check(driver, page), (System.nanoTime() - t) / 1e9);
            }
            Files.writeString(SCREENSHOTS.resolve("seconds.json"), Json.toJson(seconds));
        } finally {
            driver.quit();
            delete(profile);
        }
    }

    /** Skips the calling browser test, with a message, where Debian's chromium or chromedriver is missing. */
    static void assumeChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
            "browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver)");
    }

    /** Headless Chromium through Debian's chromedriver, with its profile in {@code profile} and the console logged. */
    static ChromeDriver chromium(Path profile) {
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE); // no devtools jar for this Chromium: a warning, not used
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1800",
            "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // the driver is Debian's, given explicitly: Selenium Manager is never asked to find or download one
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @SuppressWarnings("unchecked")
    private static String check(ChromeDriver driver, Path page) throws IOException {
        String name = page.getParent().equals(RESULTS) ? "home" : page.getParent().getFileName().toString();
        driver.get(page.toAbsolutePath().toUri().toString());
        JavascriptExecutor js = driver;
        // every image has loaded, from a file of the results folder
        List<Object> images = (List<Object>) js.executeScript(
            "return Array.from(document.images).map(i => [i.getAttribute('src'), i.complete, i.naturalWidth, i.src]);");
        assertThat(images).as(name + ": images").isNotEmpty();
        List<Object> targets = new ArrayList<>();
        for (Object o : images) {
            List<Object> img = (List<Object>) o;
            assertThat(((Number) img.get(2)).longValue()).as(name + ": natural width of " + img.get(0)).isPositive();
            targets.add(img.get(3));
        }
        // every link resolves: to a file of the results folder, or to an element of this page
        List<Object> links = (List<Object>) js.executeScript("return Array.from(document.querySelectorAll('a[href]')).map(a => a.href);");
        assertThat(links).as(name + ": links").isNotEmpty();
        targets.addAll(links);
        for (Object o : targets) {
            URI u = URI.create((String) o);
            assertThat(u.getScheme()).as(name + ": link " + o).isEqualTo("file");
            Path target = Path.of(u.getPath());
            assertThat(target).as(name + ": link " + o).exists();
            assertThat(target.toRealPath().startsWith(RESULTS.toRealPath())).as(name + ": link " + o + " stays in the results").isTrue();
            if (u.getFragment() != null && target.equals(page.toAbsolutePath())) {
                Object found = js.executeScript("return document.getElementById(arguments[0]) !== null;", u.getFragment());
                assertThat(found).as(name + ": anchor " + o).isEqualTo(Boolean.TRUE);
            }
        }
        // the verdict badges
        long badges = (Long) js.executeScript(
            "return document.querySelectorAll('.badge.verdict-agrees, .badge.verdict-partly, .badge.verdict-disagrees').length;");
        assertThat(badges).as(name + ": verdict badges").isPositive();
        // no console errors
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        assertThat(errors).as(name + ": console errors").isEmpty();
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        return name;
    }
}
