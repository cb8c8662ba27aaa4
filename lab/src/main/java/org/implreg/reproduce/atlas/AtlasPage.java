package org.implreg.reproduce.atlas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implreg.atlas.AtlasGrid;
import org.implreg.atlas.AtlasRecord;
import org.implreg.atlas.AtlasRecord.SolverOutcome;
import org.implreg.atlas.AtlasSummary;
import org.implreg.atlas.AtlasSummary.Cell;
import org.implreg.atlas.AtlasSummary.CellSolver;
import org.implreg.atlas.AtlasSummary.Rank;
import org.implreg.report.Charts;
import org.implreg.report.Html;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Page;

/**
 * The HTML sections of the atlas's page: what a phase diagram is and how it is read, the verdicts, the figures, the
 * transitions per rank, and per solver the grid of cells, each cell a link that opens the list of its instances
 * (seed, every solver's outcome, gap to the certified minimum, the command that reruns it). The lists are shown by CSS
 * alone ({@code :target}): the page has no scripts.
 */
final class AtlasPage {
    private AtlasPage() {}

    /** The id of a cell's instance list. */
    static String cellId(int rank, int m) {
        return "cell-r" + rank + "-m" + m;
    }

    static List<String> sections(AtlasSummary s, AtlasGrid grid, List<Finding> verdicts, Map<String, String> figures) {
        List<String> out = new ArrayList<>();
        out.add(intro(s));
        StringBuilder v = new StringBuilder("<h2>Verdicts</h2>\n");
        for (Finding f : verdicts) {
            v.append(Page.verdictParagraph(f));
        }
        out.add(v.toString());
        out.add(Html.figures("Phase diagrams", List.copyOf(figures.keySet()), figures));
        out.add(transitions(s));
        out.add(cells(s));
        out.add(instances(s, grid));
        return out;
    }

    static String intro(AtlasSummary s) {
        return String.format(Locale.ROOT, "<p>A phase diagram of implicit bias (issue 30): for %s measurements of a planted rank-r PSD "
            + "X* (n = %d, D = n(n + 1)/2 = %d), %d random instances per cell (rank, m), every solver run on each, a run recovering X* "
            + "when ‖X − X*‖_F/‖X*‖_F ≤ %.2g. A cell's success probability is recovered/(recovered + failed) with its 95%% Wilson "
            + "interval: runs that did not converge within their budget are counted apart and left out of the denominator. A solver's "
            + "50%% transition at a rank is the first m at which the success probability, interpolated linearly between the two m that "
            + "bracket ½, reaches ½; its interval is where the cells' Wilson bounds reach ½ (pointwise, not a simultaneous band). "
            + "The curves: the statistical dimension δ of the descent cone of tr X + 𝟙{X ⪰ 0} at X* (Amelunxen, Lotz, McCoy &amp; "
            + "Tropp 2014; Gaussian sensing only) and the degrees of freedom nr − r(r − 1)/2. Per cell and per instance the numbers "
            + "are in <a href=\"atlas.json\">atlas.json</a>.</p>\n", Html.esc(s.family()), s.n(), s.ambient(), s.trials(), s.successTol());
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "—";
    }

    static String transitions(AtlasSummary s) {
        StringBuilder sb = new StringBuilder("<h2>50% transitions per rank</h2>\n<table><tr><th>rank</th><th>δ <code>ranks[].statistical_dimension"
            + "</code></th><th>dof <code>ranks[].degrees_of_freedom</code></th>");
        for (String solver : s.solvers()) {
            sb.append("<th>").append(Html.esc(solver)).append(" m₅₀ [interval]</th>");
        }
        sb.append("</tr>\n");
        for (Rank r : s.ranks()) {
            sb.append("<tr><td>").append(r.rank()).append("</td><td>").append(num(r.statisticalDimension()))
                .append(Double.isFinite(r.statisticalDimensionError()) && r.statisticalDimensionError() > 0 ? " ± " + num(r.statisticalDimensionError()) : "")
                .append("</td><td>").append(num(r.degreesOfFreedom())).append("</td>");
            for (String solver : s.solvers()) {
                sb.append("<td>").append(Html.esc(AtlasVerdicts.transition(r.of(solver)))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    /** Per solver, the cells as a table (ranks down, m across), each cell coloured as on its heat map and linking its instances. */
    static String cells(AtlasSummary s) {
        List<Integer> ms = s.cells().stream().map(Cell::m).distinct().sorted().toList();
        StringBuilder sb = new StringBuilder("<h2>Cells</h2>\n<style>.cell-instances{display:none}.cell-instances:target{display:block}"
            + "td.cell a{color:inherit;text-decoration:none;display:block}</style>\n<p>Recovered / (recovered + failed) per cell, coloured "
            + "as on the heat maps; a cell's link opens its instances below.</p>\n");
        for (String solver : s.solvers()) {
            sb.append("<h3>").append(Html.esc(solver)).append("</h3>\n<table><tr><th>rank \\ m</th>");
            for (int m : ms) {
                sb.append("<th>").append(m).append("</th>");
            }
            sb.append("</tr>\n");
            for (Rank r : s.ranks()) {
                sb.append("<tr><th>").append(r.rank()).append("</th>");
                for (int m : ms) {
                    Cell c = s.cell(r.rank(), m);
                    CellSolver e = c == null ? null : c.of(solver);
                    if (e == null) {
                        sb.append("<td></td>");
                        continue;
                    }
                    java.awt.Color bg = Charts.sequential(e.success());
                    boolean dark = 0.299 * bg.getRed() + 0.587 * bg.getGreen() + 0.114 * bg.getBlue() < 128;
                    sb.append(String.format(Locale.ROOT, "<td class=\"cell\" style=\"background:#%06x;color:%s\" title=\"%s\"><a href=\"#%s\">%d/%d%s</a></td>",
                        bg.getRGB() & 0xffffff, dark ? "#fff" : "#000", Html.esc(cellTitle(e)), cellId(r.rank(), m), e.recovered(),
                        e.recovered() + e.failed(), e.notConverged() > 0 ? "*" : ""));
                }
                sb.append("</tr>\n");
            }
            sb.append("</table>\n");
        }
        return sb.append("<p>* some runs did not converge (not in the denominator).</p>\n").toString();
    }

    private static String cellTitle(CellSolver e) {
        return String.format(Locale.ROOT, "P = %s [%s, %s], %d recovered, %d failed, %d not converged", num(e.success()), num(e.successLow()),
            num(e.successHigh()), e.recovered(), e.failed(), e.notConverged());
    }

    /** Per cell, its instances (hidden until the cell's link is followed). */
    static String instances(AtlasSummary s, AtlasGrid grid) {
        StringBuilder sb = new StringBuilder("<h2 id=\"instances\">Instances</h2>\n<p>Follow a cell's link above to list its instances. "
            + "Each line's command regenerates the instance (<code>implreg problem</code>, from the seed in its record) and reruns "
            + "<code>implreg conjecture</code> on it. Certified counterexamples (a solver recovers X* where the certified minimum does not): "
            + s.counterexamples().size() + ".</p>\n");
        for (Cell c : s.cells()) {
            sb.append("<div class=\"cell-instances\" id=\"").append(cellId(c.rank(), c.m())).append("\"><h3>rank ").append(c.rank()).append(", m = ")
                .append(c.m()).append(String.format(Locale.ROOT, " (m/D = %.3g)", c.mOverD())).append("</h3>\n<table><tr><th>trial</th><th>seed</th>"
                    + "<th>min ‖X‖_*</th>");
            for (String solver : s.solvers()) {
                sb.append("<th>").append(Html.esc(solver)).append(": outcome, rel. error, gap</th>");
            }
            sb.append("<th>conjecture</th><th>rerun</th></tr>\n");
            for (AtlasRecord r : s.records()) {
                if (r.rank() != c.rank() || r.m() != c.m()) {
                    continue;
                }
                sb.append("<tr><td>").append(r.trial()).append("</td><td>").append(r.seed()).append("</td><td>").append(num(r.minNuclearNorm()))
                    .append(r.certified() ? "" : " (uncertified)").append("</td>");
                for (String solver : s.solvers()) {
                    SolverOutcome o = AtlasSummary.outcome(r, solver);
                    sb.append("<td class=\"l\">").append(o == null ? "" : o.outcome().word() + ", " + num(o.relError()) + ", "
                        + String.format(Locale.ROOT, "%+.2g", o.gapToMin())).append("</td>");
                }
                sb.append("<td class=\"l\">").append(r.conjecture() == null ? "" : Html.esc(r.conjecture())).append("</td><td class=\"l\"><code>")
                    .append(Html.esc(AtlasSummary.rerunCommand(grid, r))).append("</code></td></tr>\n");
            }
            sb.append("</table></div>\n");
        }
        return sb.toString();
    }
}
