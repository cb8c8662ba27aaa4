package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.implreg.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The atlas's page in a real browser (issue 30: "each cell of a heat map opens its instances … the browser test clicks
 * one"): on {@link ReproductionPagesTest}'s CI-sized results (run once per JVM), headless Chromium opens
 * {@code atlas/index.html}, where no cell's instance list is shown; it clicks the link of one cell that has instances,
 * after which that cell's list, and only that one, is shown, with a row per instance of the cell as {@code atlas.json}
 * records it: the seed, each solver's outcome, and the one command that regenerates the instance
 * ({@code implreg problem … --seed SEED --out F.npz}) and reruns {@code implreg conjecture --problem F.npz} on it. The
 * page has no scripts (CSS {@code :target}): a broken link or list id fails here. Skipped, with a message, as
 * {@link ReproductionPagesTest}'s browser test is, only where Debian's chromium or chromedriver is missing.
 */
class AtlasPageBrowserTest {
    static final Path ATLAS = ReproductionPagesTest.RESULTS.resolve("atlas");

    @BeforeAll
    static void results() throws IOException {
        ReproductionPagesTest.runEveryReproductionAtCiSize();
    }

    @Test
    void clickingAHeatMapCellOpensItsInstancesWithTheirSeedsOutcomesAndRerunCommand() throws IOException {
        ReproductionPagesTest.assumeChromium();
        JsonNode atlas = Json.MAPPER.readTree(ATLAS.resolve("atlas.json").toFile());
        // the instances per cell "r<rank>-m<m>", in the records' (grid) order
        Map<String, List<JsonNode>> cells = new TreeMap<>();
        for (JsonNode r : atlas.get("records")) {
            cells.computeIfAbsent(cellId(r.get("rank").asInt(), r.get("m").asInt()), k -> new ArrayList<>()).add(r);
        }
        assertThat(cells).as("cells with instances (one to open, others that must stay closed)").hasSizeGreaterThan(1);
        // the last record's cell: not the first list on the page, so a link that opens the first list fails
        JsonNode last = atlas.get("records").get(atlas.get("records").size() - 1);
        int rank = last.get("rank").asInt();
        int m = last.get("m").asInt();
        String id = cellId(rank, m);
        List<JsonNode> expected = cells.get(id);
        List<String> solvers = new ArrayList<>();
        atlas.get("solvers").forEach(s -> solvers.add(s.asText()));

        Path profile = Files.createTempDirectory("implreg-chromium-");
        ChromeDriver driver = ReproductionPagesTest.chromium(profile);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            driver.get(ATLAS.resolve("index.html").toAbsolutePath().toUri().toString());
            List<WebElement> lists = driver.findElements(By.cssSelector(".cell-instances"));
            assertThat(lists).as("instance lists on the page").hasSize(cells.size());
            assertThat(shown(lists)).as("instance lists shown before any click").isEmpty();
            // one link per solver's heat-map table leads to the cell
            List<WebElement> links = driver.findElements(By.cssSelector("td.cell a[href='#" + id + "']"));
            assertThat(links).as("heat-map cell links to " + id).hasSize(solvers.size());
            List<WebElement> byId = driver.findElements(By.id(id));
            assertThat(byId).as("the instance list " + id + " that the cell links to").hasSize(1);
            WebElement list = byId.get(0);
            assertThat(list.isDisplayed()).as(id + " shown before its cell is clicked").isFalse();

            links.get(0).click();

            assertThat(driver.getCurrentUrl()).endsWith("#" + id);
            assertThat(list.isDisplayed()).as(id + " shown after its cell is clicked").isTrue();
            assertThat(shown(lists)).as("instance lists shown after the click").containsExactly(id);
            assertThat(list.findElement(By.tagName("h3")).getText()).startsWith("rank " + rank + ", m = " + m);
            List<String> header = list.findElements(By.cssSelector("tr th")).stream().map(WebElement::getText).toList();
            int seedCol = header.indexOf("seed");
            int rerunCol = header.indexOf("rerun");
            assertThat(seedCol).as("seed column in " + header).isNotNegative();
            assertThat(rerunCol).as("rerun column in " + header).isNotNegative();
            List<List<String>> rows = new ArrayList<>();
            for (WebElement tr : list.findElements(By.tagName("tr"))) {
                List<String> tds = tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
                if (!tds.isEmpty()) {
                    rows.add(tds);
                }
            }
            assertThat(rows).as(id + ": one row per instance").hasSize(expected.size());
            for (int i = 0; i < rows.size(); i++) {
                JsonNode r = expected.get(i);
                List<String> row = rows.get(i);
                String seed = r.get("seed").asText();
                assertThat(row.get(seedCol)).as(id + " row " + i + ": seed").isEqualTo(seed);
                for (JsonNode o : r.get("solvers")) {
                    int col = header.indexOf(o.get("solver").asText() + ": outcome, rel. error, gap");
                    assertThat(col).as(id + ": column of " + o.get("solver").asText() + " in " + header).isNotNegative();
                    assertThat(row.get(col)).as(id + " row " + i + ": " + o.get("solver").asText()).startsWith(o.get("outcome").asText() + ",");
                }
                assertRerunsTheInstance(row.get(rerunCol), atlas, r);
            }
            Files.createDirectories(ReproductionPagesTest.SCREENSHOTS);
            Files.write(ReproductionPagesTest.SCREENSHOTS.resolve("atlas-cell.png"), driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.quit();
            ReproductionPagesTest.delete(profile);
        }
    }

    /**
     * {@code command} regenerates record {@code r}'s instance with {@code implreg problem} (the atlas's n and family, the
     * record's rank, m and seed) into a file, and then runs {@code implreg conjecture} on that file.
     */
    private static void assertRerunsTheInstance(String command, JsonNode atlas, JsonNode r) {
        String[] steps = command.split(" && ");
        assertThat(steps).as("rerun command: problem && conjecture: " + command).hasSize(2);
        String problem = steps[0] + " ";
        assertThat(problem).as("rerun command").startsWith("implreg problem ")
            .contains(" --n " + atlas.get("n").asInt() + " ", " --rank " + r.get("rank").asInt() + " ", " --m " + r.get("m").asInt() + " ",
                " --measurement " + atlas.get("family").asText() + " ", " --seed " + r.get("seed").asText() + " ");
        Matcher out = Pattern.compile(" --out (\\S+) ").matcher(problem);
        assertThat(out.find()).as("problem's --out in " + command).isTrue();
        assertThat(steps[1]).as("rerun command").startsWith("implreg conjecture --problem " + out.group(1) + " ");
    }

    /** The ids of the elements of {@code lists} that the browser shows. */
    private static Set<String> shown(List<WebElement> lists) {
        Set<String> ids = new LinkedHashSet<>();
        for (WebElement l : lists) {
            if (l.isDisplayed()) {
                ids.add(l.getDomAttribute("id"));
            }
        }
        return ids;
    }

    private static String cellId(int rank, int m) {
        return "cell-r" + rank + "-m" + m;
    }
}
