package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.implreg.io.Json;
import org.implreg.reproduce.toy.ToyReproduction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code summary.json} key tables of docs/REPRODUCTIONS.md against the keys that the CI-sized runs actually write
 * ({@link ReproductionPagesTest}'s results, run once per JVM): every documented key exists, every top-level key is
 * documented ({@link DocsKeys} states the path syntax). A renamed key fails here, not silently on a page.
 */
class ReproductionDocsKeysTest {
    static final Path DOCS = Path.of("..", "docs", "REPRODUCTIONS.md");

    @BeforeAll
    static void results() throws IOException {
        ReproductionPagesTest.runEveryReproductionAtCiSize();
    }

    @Test
    void everyReproductionsKeyTableMatchesTheKeysItsCiSizedRunWrites() throws IOException {
        Map<String, List<String>> tables = DocsKeys.tables(Files.readString(DOCS));
        Map<String, List<String>> problems = new TreeMap<>();
        for (String name : Reproductions.all().keySet()) {
            if (name.equals(ToyReproduction.NAME)) {
                continue; // test-only: its table is in the test below
            }
            if (!tables.containsKey(name)) {
                problems.put(name, List.of("docs/REPRODUCTIONS.md has no `summary.json` keys table in its section"));
                continue;
            }
            JsonNode summary = Json.MAPPER.readTree(ReproductionPagesTest.RESULTS.resolve(name).resolve("summary.json").toFile());
            List<String> p = DocsKeys.problems(tables.get(name), summary);
            if (!p.isEmpty()) {
                problems.put(name, p);
            }
        }
        assertThat(problems).as("docs/REPRODUCTIONS.md key tables against the CI-sized summaries").isEmpty();
        assertThat(Reproductions.all().keySet()).as("every documented table names a registered reproduction").containsAll(tables.keySet());
    }

    /** The toy's section as a newcomer would write it. */
    static final String TOY_DOCS = """
        ## `toy`: a toy

        #### `summary.json` keys

        | key | what |
        |---|---|
        | `reproduction`, `paper`, `mode`, `seconds`, `files`, `provenance` | as for every reproduction |
        | `settings.{step,steps}` | η and the number of steps |
        | `final_error` | \\|x_K − 1\\| |
        | `verdicts[].{figure,claim,verdict,evidence,owner,headline,found}` | one verdict |

        ## `other`: the next section
        """;

    @Test
    void aRenamedSummaryKeyOrARenamedDocumentedKeyFailsTheCheck() throws IOException {
        List<String> table = DocsKeys.tables(TOY_DOCS).get(ToyReproduction.NAME);
        assertThat(table).hasSize(9);
        ObjectNode summary = (ObjectNode) Json.MAPPER.readTree(ReproductionPagesTest.RESULTS.resolve(ToyReproduction.NAME)
            .resolve("summary.json").toFile());
        assertThat(DocsKeys.problems(table, summary)).isEmpty();
        // the reproduction renames final_error: the documented key is gone, the new one undocumented
        ObjectNode renamed = summary.deepCopy();
        renamed.set("final_residual", renamed.remove("final_error"));
        assertThat(DocsKeys.problems(table, renamed)).containsExactly("documented key final_error is not in summary.json",
            "summary.json key final_residual is not documented");
        // a nested key renamed in the summary
        ObjectNode nested = summary.deepCopy();
        ((ObjectNode) nested.get("settings")).set("eta", ((ObjectNode) nested.get("settings")).remove("step"));
        assertThat(DocsKeys.problems(table, nested)).containsExactly("documented key settings.step is not in summary.json");
        // a key of a list's elements renamed
        ObjectNode listed = summary.deepCopy();
        ((ObjectNode) listed.get("verdicts").get(0)).set("sentence", ((ObjectNode) listed.get("verdicts").get(0)).remove("found"));
        assertThat(DocsKeys.problems(table, listed)).containsExactly("documented key verdicts[].found is not in summary.json");
        // the docs rename it
        List<String> stale = DocsKeys.tables(TOY_DOCS.replace("`final_error`", "`final_err`")).get(ToyReproduction.NAME);
        assertThat(DocsKeys.problems(stale, summary)).containsExactly("documented key final_err is not in summary.json",
            "summary.json key final_error is not documented");
    }

    @Test
    void aRenamedKeyInTheRealDocsFailsTheCheck() throws IOException {
        String docs = Files.readString(DOCS);
        JsonNode summary = Json.MAPPER.readTree(ReproductionPagesTest.RESULTS.resolve("gunasekar2017-grid").resolve("summary.json").toFile());
        assertThat(DocsKeys.problems(DocsKeys.tables(docs).get("gunasekar2017-grid"), summary)).isEmpty();
        String renamed = docs.replace("`instances`, `feasible`, `boundary`, `certified`", "`instances`, `feasible_instances`, `boundary`, `certified`");
        assertThat(renamed).isNotEqualTo(docs);
        assertThat(DocsKeys.problems(DocsKeys.tables(renamed).get("gunasekar2017-grid"), summary))
            .containsExactly("documented key feasible_instances is not in summary.json", "summary.json key feasible is not documented");
    }

    @Test
    void thePathSyntax() throws IOException {
        assertThat(DocsKeys.expand("a.{b,c}.{d,e}_x")).containsExactly("a.b.d_x", "a.b.e_x", "a.c.d_x", "a.c.e_x");
        JsonNode s = Json.MAPPER.readTree("{\"a\": {\"1e-3\": {\"x_final\": 1}, \"1\": {\"y\": 2}}, \"l\": [{\"p\": 1}, {\"q\": 2}], \"e\": []}");
        assertThat(DocsKeys.resolve("a.*.x_final", s)).hasSize(1);
        assertThat(DocsKeys.resolve("a.*.*_final", s)).hasSize(1);
        assertThat(DocsKeys.resolve("a.*", s)).hasSize(2);
        assertThat(DocsKeys.resolve("l[].q", s)).hasSize(1);
        assertThat(DocsKeys.resolve("l[].r", s)).isEmpty();
        assertThat(DocsKeys.resolve("e[]", s)).isEmpty();
        assertThat(DocsKeys.resolve("e", s)).hasSize(1);
        assertThat(DocsKeys.resolve("a.1e-3.x_final", s)).hasSize(1);
        assertThat(DocsKeys.resolve("a.1e-3.y", s)).isEmpty();
    }
}
