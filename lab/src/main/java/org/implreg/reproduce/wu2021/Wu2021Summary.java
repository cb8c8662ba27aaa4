package org.implreg.reproduce.wu2021;

import java.util.List;
import java.util.Map;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Summary;

/**
 * wu2021's summary.json, key by key (docs/REPRODUCTIONS.md, section {@code wu2021}).
 *
 * @param experiments by name ("sensing-3nr", "sensing-nr": Figure 1; "completion-3nr", "completion-nr": Figure 2)
 * @param commuting   (d): the diagonal family, GD against MD per α
 * @param conjecture  issue 31 item 3: li2021's counterexamples and a grid sample under MD
 */
public record Wu2021Summary(String reproduction, String paper, String mode, Settings settings, Map<String, Experiment> experiments,
                            Commuting commuting, Conjecture conjecture, List<Finding> verdicts, Files files) implements Summary {

    /**
     * What ran: sizes, the α's, the paper's steps and their conversion to implreg's units, and what quick mode leaves out.
     *
     * @param units how the paper's steps map to implreg's loss normalisation (one sentence)
     * @param note  what differs from the paper's setting in this mode (empty: nothing)
     */
    public record Settings(int n, int r, long iterations, double[] alphas, double etaSensing, double etaCompletion, String units,
                           String note) {}

    /**
     * One experiment (a row of the paper's 2 × 3 panels): the problem, the ground truth and the certified minimum, and per α
     * GD's and MD's limits.
     */
    public record Experiment(String kind, int m, double eta, double gdStep, double mdStep, Reference truth, Minimum min, double[] alphas,
                             Series gd, Series md) {}

    /** The ground truth X*: its nuclear norm (1) and effective rank. */
    public record Reference(double nuclearNorm, double effectiveRank) {}

    /** The certified minimum nuclear norm solution (nucmin): ‖X‖_*, effective rank, ‖X_min − X*‖_F/‖X*‖_F, certified. */
    public record Minimum(double nuclearNorm, double effectiveRank, double relError, boolean certified) {}

    /** Per α (in {@link Experiment#alphas}' order) one method's limit after the iterations. */
    public record Series(double[] nuclearNorm, double[] effectiveRank, double[] relError, double[] distanceToMin, double[] gapToMin,
                         double[] trainError) {}

    /**
     * (d): the diagonal family (n, r, m), the paper's sensing step, T steps; per α the largest trajectory distance
     * ‖X_gd − X_md‖_F/‖X*‖_F at η, η/2 and η/4 (same flow times), the orders log₂(D(η)/D(η/2)) ({@code orderCoarse}) and
     * log₂(D(η/2)/D(η/4)) ({@code order}, judged), the final distance at η.
     */
    public record Commuting(int n, int r, int m, double eta, long steps, double[] alphas, double[] distance, double[] distanceHalfStep,
                            double[] distanceQuarterStep, double[] orderCoarse, double[] order, double[] finalDistance) {}

    /** Item 3: li2021's counterexamples per α, and a grid sample at one small α. */
    public record Conjecture(double[] alphas, List<CounterexampleInstance> counterexamples, GridSample grid) {}

    /**
     * One of li2021's counterexamples: its certified minimum; per α (in {@link Conjecture#alphas}' order) Δ = (‖X‖_* − min)/min
     * of MD, of the flow from U₀ = √α·I and from li2021's Gaussian U₀ (‖U₀‖_F = α, its first seed), MD's training error, and the
     * distances ‖X − X_min‖_F/‖X_min‖_F of MD and of the flow from √α·I.
     */
    public record CounterexampleInstance(int id, String mask, double[] observed, double minNuclearNorm, boolean certified, double[] mdDelta,
                                         double[] mdDistanceToMin, double[] mdTrainError, double[] flowIdentityDelta,
                                         double[] flowGaussianDelta, double[] flowDistanceToMin) {}

    /**
     * A seeded grid sample at α: feasible instances compared (those whose MD and flow fitted the data), the fractions
     * of MD's and the flow's (U₀ = √α·I) limits at the minimum nuclear norm (Δ ≤ {@code same}), the largest Δ of each, and
     * examples where the flow misses the minimum but MD reaches it.
     */
    public record GridSample(double alpha, int examined, int feasible, int compared, double same, double mdFractionAtMin,
                             double flowFractionAtMin, double mdMaxDelta, double flowMaxDelta, int flowMissesMdReaches,
                             int mdMissesFlowReaches, List<Integer> examples) {}

    /** summary.json's {@code files}. */
    public record Files(String index, List<String> figures) {}
}
