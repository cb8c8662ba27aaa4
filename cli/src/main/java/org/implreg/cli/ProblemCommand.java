package org.implreg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.implreg.io.ProblemFiles;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemFamilies;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code implreg problem}: generate a seeded problem and write it as an .npz problem file. */
@Command(name = "problem", mixinStandardHelpOptions = true,
    description = {"Generate a seeded matrix sensing / completion problem and write it as an .npz file.",
        "Planted X* has ‖X*‖_F = 1. Gaussian sensing: A_i = (G_i + G_iᵀ)/(2√m), G_i i.i.d. N(0,1)."})
final class ProblemCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--n", defaultValue = "50", description = "matrix dimension n (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = {"--rank", "--r"}, defaultValue = "2", description = "planted rank r (default: ${DEFAULT-VALUE})")
    int rank;

    @Option(names = "--negative-rank", defaultValue = "0", description = "--planted indefinite: rank r₋ of X* ∝ W₁W₁ᵀ − W₂W₂ᵀ (r₊ = --rank)")
    int negativeRank;

    @Option(names = "--m", description = "number of measurements (default: 3n(r + r₋))")
    Integer m;

    @Option(names = "--planted", defaultValue = "low-rank", completionCandidates = PlantedNames.class,
        description = "planted family: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String planted;

    @Option(names = "--measurement", defaultValue = "gaussian", completionCandidates = MeasurementNames.class,
        description = "measurement family: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String measurement;

    @Option(names = "--power-law-exponent", defaultValue = "" + MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT,
        description = "exponent a of power-law sampling, P(p,q) ∝ (rank_p rank_q)^-a (default: ${DEFAULT-VALUE})")
    double exponent;

    @Option(names = "--noise", defaultValue = "0", description = "relative noise level σ: ‖y − A(X*)‖ ≈ σ‖A(X*)‖ (default: ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--seed", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "output .npz file")
    Path out;

    @Option(names = "--compress", description = "deflate the archive (np.savez_compressed style)")
    boolean compress;

    @Option(names = "--ratings", description = "instead of generating: an asymmetric completion problem from a ratings file "
        + "('user item rating [timestamp]' a line, ids 1-based, MovieLens u.data layout)")
    java.nio.file.Path ratings;

    @Option(names = "--shape", description = "with --ratings: users×items, e.g. 943x1682 (default: the largest ids in the file); "
        + "without: rectangular Gaussian sensing of an N1×N2 rank-r matrix (m default 3(n1 + n2)r), solved by solve through the "
        + "symmetric embedding")
    String shape;

    /** picocli candidates: the registered planted families. */
    static final class PlantedNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ProblemFamilies.plantedNames().iterator();
        }
    }

    /** picocli candidates: the registered measurement families. */
    static final class MeasurementNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ProblemFamilies.measurementNames().iterator();
        }
    }

    @Override
    public Integer call() {
        new org.implreg.io.OutputFiles().input(ratings, "--ratings").output(out, "--out");
        if (ratings != null) {
            int[] sh = org.implreg.io.RatingsFile.parseShape(shape);
            var c = org.implreg.io.RatingsFile.read(ratings, sh[0], sh[1]);
            ProblemFiles.write(c, out, compress);
            commandSpec.commandLine().getOut().printf("wrote %s: asymmetric completion %d×%d, %d observed entries from %s%n", out, c.n1(),
                c.n2(), c.size(), ratings);
            return 0;
        }
        if (shape != null) {
            int[] sh = org.implreg.io.RatingsFile.parseShape(shape);
            org.implreg.InvalidInputException.require(measurement.equals("gaussian") && planted.equals("low-rank"),
                "--shape without --ratings makes rectangular Gaussian sensing: --measurement gaussian and --planted low-rank only");
            int mm = m == null ? 3 * (sh[0] + sh[1]) * rank : m;
            var rect = org.implreg.problem.AsymmetricSensing.gaussian(sh[0], sh[1], rank, mm, noise, seed);
            ProblemFiles.write(rect, out, compress);
            commandSpec.commandLine().getOut().printf("wrote %s: rectangular sensing %d×%d, rank %d, m = %d gaussian, noise %g, seed %d%n",
                out, sh[0], sh[1], rank, mm, noise, seed);
            return 0;
        }
        ProblemSpec spec = new ProblemSpec(n, rank, m == null ? ProblemSpec.defaultMeasurements(n, rank + Math.max(0, negativeRank)) : m,
            ProblemSpec.Planted.parse(planted), ProblemSpec.Measurement.parse(measurement), noise, exponent, negativeRank);
        Problem p = ProblemGenerator.generate(spec, seed);
        ProblemFiles.write(p, out, compress);
        commandSpec.commandLine().getOut().printf("wrote %s: n=%d m=%d %s %s rank=%s noise=%g seed=%d%n", out, p.n(), p.m(),
            spec.planted().key(), spec.measurement().key(), negativeRank > 0 ? rank + "," + negativeRank : rank, noise, seed);
        return 0;
    }
}
