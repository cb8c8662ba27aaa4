package org.implreg.reproduce.gunasekar2017;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.implreg.reproduce.Dynamics;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Summary;

/**
 * summary.json of {@link Gunasekar2017}, key by key (docs/REPRODUCTIONS.md): each component is the key of its
 * snake_case name, in this order ({@link org.implreg.report.RecordJson}). A number that could not be computed
 * (no run of that series, or none that finished) is NaN here and null in the file.
 *
 * @param reproduction "gunasekar2017"
 * @param paper        the paper
 * @param mode         "quick" or "full"
 * @param settings     what the sweep ran with
 * @param figure1      Figure 1's numbers per panel id (a, b, c)
 * @param figure2      Figure 2's numbers per panel id
 * @param figure3      Figure 3's numbers per measurement family (gaussian, uniform, power-law), then panel id
 * @param verdicts     the four findings: Figure 1, Figure 1 (training error), Figure 2, Figure 3
 * @param runs         runs of the sweep with a record
 * @param failedRuns   runs that failed (an error instead of a result)
 * @param maxIterRuns  runs stopped at their iteration cap
 * @param divergedRuns runs stopped as diverged or non-finite
 * @param dynamics     the traced runs of panel (a) by method (gd, flow): σᵢ's rise times
 * @param files        the files written
 */
public record Gunasekar2017Summary(String reproduction, String paper, String mode, Settings settings, Map<String, Figure1Panel> figure1,
                                   Map<String, Figure2Panel> figure2, Map<String, Map<String, Figure3Panel>> figure3,
                                   List<Finding> verdicts, int runs, int failedRuns, int maxIterRuns, int divergedRuns,
                                   Map<String, Dynamics.Rise> dynamics, Files files) implements Summary {

    public Gunasekar2017Summary {
        verdicts = List.copyOf(verdicts);
    }

    /**
     * The sweep's settings.
     *
     * @param n                   matrix size
     * @param r                   planted rank
     * @param problemSeed         seed of the planted problems
     * @param initSeeds           seeds of the Gaussian initializations
     * @param dGrid               factor widths d of Figures 1 and 2
     * @param step                GD's step η (Gaussian sensing)
     * @param elsCap              the cap η_ELS of the exact line search
     * @param tol                 training-error tolerance of the iterative runs
     * @param maxIter             GD's step cap
     * @param toeStep             ε of the time-ordered exponential (Gaussian sensing)
     * @param toeMaxIter          step cap of the time-ordered exponential
     * @param flowTol             training-error tolerance of the ODE
     * @param completionStepScale the factor N/m (N = n(n+1)/2) on η and ε for entry completion, per m ("m_300", "m_25")
     */
    public record Settings(int n, int r, long problemSeed, List<Integer> initSeeds, List<Integer> dGrid, double step, double elsCap,
                           double tol, long maxIter, double toeStep, long toeMaxIter, double flowTol,
                           Map<String, Double> completionStepScale) {}

    /**
     * One number per series of Figures 1 and 2 at d = n (mean over the initializations; the references X_gd and the
     * minimum nuclear norm have no d).
     *
     * @param gdSmallInit    GD, ‖U0‖_F = 1e-4, η = 1e-3
     * @param gdLargeInit    GD, ‖U0‖_F = 1, η = 1e-3
     * @param gdEls          GD, ‖U0‖_F = 1e-4, exact line search capped at η_ELS
     * @param svdInit        GD from the SVD initialization
     * @param xgd            X_gd (projected GD on X from 0)
     * @param minNuclearNorm the certified minimum nuclear norm solution
     */
    public record Series(double gdSmallInit, double gdLargeInit, double gdEls, double svdInit, double xgd, double minNuclearNorm) {}

    /**
     * A panel of Figure 1 (Gaussian sensing).
     *
     * @param planted             planted family of X*
     * @param m                   number of measurements
     * @param relErrorAtDN        ‖X − X*‖_F/‖X*‖_F at d = n per series
     * @param trainErrorAtDN      ‖𝒜(X) − y‖/‖y‖ at d = n per series
     * @param zeroTrainErrorFromD the smallest d from which every small-init GD run (every larger d too) reached the
     *                            tolerance; null: none
     * @param gdSmallFittedD      the widths d at which every small-init GD run reached the tolerance
     */
    public record Figure1Panel(String planted, int m, @JsonProperty("rel_error_at_d_n") Series relErrorAtDN,
                               @JsonProperty("train_error_at_d_n") Series trainErrorAtDN, Integer zeroTrainErrorFromD,
                               List<Integer> gdSmallFittedD) {}

    /**
     * A panel of Figure 2 (Gaussian sensing). A relative gap is (‖X‖_* − min ‖X‖_*)/min ‖X‖_*; a series' largest
     * gap (by magnitude) is over the widths d at which all its runs reached the tolerance (NaN, d null: none did).
     *
     * @param minNuclearNorm            the minimum nuclear norm
     * @param minNuclearNormCertified   whether the convex solver certified it
     * @param xgdNuclearNorm            X_gd's nuclear norm
     * @param nuclearNormAtDN           ‖X‖_* at d = n per series
     * @param gdSmallInitFittedAtDN     whether every small-init GD run at d = n reached the tolerance
     * @param gdSmallInitRelGapAtDN     small-init GD's relative gap at d = n
     * @param gdSmallInitMaxRelGap      small-init GD's largest relative gap
     * @param gdSmallInitMaxRelGapD     its d
     * @param gdElsMaxRelGap            η_ELS GD's largest relative gap
     * @param gdElsMaxRelGapD           its d
     * @param gdLargeInitMaxRelGap      large-init GD's largest relative gap
     * @param gdLargeInitMaxRelGapD     its d
     */
    public record Figure2Panel(double minNuclearNorm, boolean minNuclearNormCertified, double xgdNuclearNorm,
                               @JsonProperty("nuclear_norm_at_d_n") Series nuclearNormAtDN,
                               @JsonProperty("gd_small_init_fitted_at_d_n") boolean gdSmallInitFittedAtDN,
                               @JsonProperty("gd_small_init_rel_gap_at_d_n") double gdSmallInitRelGapAtDN,
                               double gdSmallInitMaxRelGap, Integer gdSmallInitMaxRelGapD, double gdElsMaxRelGap, Integer gdElsMaxRelGapD,
                               double gdLargeInitMaxRelGap, Integer gdLargeInitMaxRelGapD) {}

    /**
     * A panel of Figure 3 (d = n, ‖U0‖_F = 1e-4) on one measurement family: each method's nuclear norm (mean over the
     * initializations), its relative gap to the minimum, (ode, toe, gd) its training error.
     *
     * @param ode                     the gradient-flow ODE
     * @param odeRelGap               its relative gap
     * @param odeTrainError           its training error
     * @param toe                     the time-ordered exponential (ε = 0.1, scaled for completion)
     * @param toeRelGap               its relative gap
     * @param toeTrainError           its training error
     * @param gd                      GD (η = 1e-3, scaled for completion)
     * @param gdRelGap                its relative gap
     * @param gdTrainError            its training error
     * @param xgd                     X_gd
     * @param xgdRelGap               its relative gap
     * @param minNuclearNorm          the minimum nuclear norm
     * @param minNuclearNormCertified whether the convex solver certified it
     */
    public record Figure3Panel(double ode, double odeRelGap, double odeTrainError, double toe, double toeRelGap, double toeTrainError,
                               double gd, double gdRelGap, double gdTrainError, double xgd, double xgdRelGap, double minNuclearNorm,
                               boolean minNuclearNormCertified) {}

    /**
     * The files written, relative to the reproduction's folder.
     *
     * @param index     the page
     * @param spec      the sweep's spec.yaml
     * @param runs      its runs.jsonl
     * @param runsCsv   its runs.csv
     * @param aggregate the aggregate table
     * @param figures   the figures' PNGs
     */
    public record Files(String index, String spec, String runs, String runsCsv, String aggregate, List<String> figures) {}
}
