package org.implreg.theory;

import java.util.random.RandomGenerator;
import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.hipparchus.analysis.solvers.BrentSolver;
import org.implreg.InvalidInputException;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.problem.Rng;

/**
 * The statistical dimension δ(n, r) of the descent cone of f(X) = tr X + 𝟙{X ⪰ 0} at a rank-r PSD n×n matrix,
 * for measurements isotropic on the symmetric matrices (Amelunxen, Lotz, McCoy &amp; Tropp 2014, "Living on the
 * edge"): m Gaussian measurements recover X* by trace minimisation with probability near 1 when m ≥ δ + O(√D) and
 * near 0 when m ≤ δ − O(√D). Also the degrees of freedom of a rank-r PSD matrix and D.
 *
 * <h2>Setting and normalisation</h2>
 * 𝕊ⁿ, the symmetric n×n matrices with ⟨A, B⟩ = tr AB, has dimension D = n(n + 1)/2. G is standard Gaussian on 𝕊ⁿ
 * (E⟨G, A⟩² = ‖A‖_F² for every A): G_ii ~ N(0, 1), G_ij = G_ji ~ N(0, 1/2) for i &lt; j, all independent. This is
 * the law of the sensing matrices A = (W + Wᵀ)/2, W with independent N(0, 1) entries. X* = UΛUᵀ with U n×r
 * orthonormal and Λ ≻ 0; V (n×k, k = n − r) is an orthonormal basis of the complement of U's range.
 *
 * <h2>The cone and its polar</h2>
 * The (closed) descent cone is 𝒟 = {Δ : VᵀΔV ⪰ 0, tr Δ ≤ 0}. The subdifferential is unbounded,
 * ∂f(X*) = I + N_PSD(X*) = {UUᵀ + VWVᵀ : W ⪯ I_k}, and the polar cone is the closed set
 * 𝒟° = ∪_{τ≥0} τ∂f(X*) = {τUUᵀ + VWVᵀ : τ ≥ 0, W ⪯ τI_k}. By Moreau's decomposition δ = E‖Π_𝒟(G)‖² =
 * E dist²(G, 𝒟°), exactly. In the basis [U V] (an isometry of 𝕊ⁿ, which keeps G's law), with the blocks G₁₁
 * (r×r), G₁₂ (r×k), G₂₂ (k×k) and λ₁ ≥ … ≥ λ_k the eigenvalues of G₂₂,
 * <pre>
 *   dist²(G, τ∂f(X*)) = ‖G₁₁ − τI_r‖_F² + 2‖G₁₂‖_F² + Σᵢ (λᵢ − τ)₊²
 * </pre>
 * (the nearest W ⪯ τI to G₂₂ clips its eigenvalues at τ), and δ = E min_{τ≥0} of it.
 *
 * <h2>Reduction</h2>
 * With z = tr G₁₁/√r ~ N(0, 1): ‖G₁₁ − τI‖² = ‖G₁₁ − (tr G₁₁/r)I‖² + (√r·τ − z)², where the first term is
 * independent of z and of G₂₂ and has mean r(r + 1)/2 − 1, and E 2‖G₁₂‖² = r(n − r). With
 * dof = nr − r(r − 1)/2 = r(r + 1)/2 + r(n − r):
 * <pre>
 *   δ(n, r) = dof − 1 + E h,   h = min_{τ≥0} g(τ),   g(τ) = (√r·τ − z)² + Σᵢ₌₁ᵏ (λᵢ − τ)₊²,
 * </pre>
 * z independent of G₂₂, which has G's law on 𝕊ᵏ. g is convex and piecewise quadratic: on λ_{j+1} ≤ τ ≤ λ_j
 * (λ₀ = +∞, λ_{k+1} = −∞) g'(τ) = 2[(r + j)τ − √r·z − P_j], P_j = λ₁ + … + λ_j, so its minimiser over ℝ is
 * σ = (√r·z + P_j)/(r + j) for the first j with σ ≥ λ_{j+1}, and over τ ≥ 0 it is max(0, σ): h is exact.
 *
 * <h2>Closed forms and bounds</h2>
 * <ul>
 *   <li>k = 0 (r = n, X* ≻ 0): 𝒟 = {tr Δ ≤ 0} is a half-space of 𝕊ⁿ, so δ = D − 1/2 (h = z₋², E h = 1/2); n = 1
 *       gives 1/2, a half-line.</li>
 *   <li>k = 1: (z, λ₁) is standard Gaussian in ℝ² and h its squared distance to the wedge
 *       {(√r·τ, w) : τ ≥ 0, w ≤ τ} of angle θ = π/2 + arctan(1/√r); a planar wedge has statistical dimension
 *       1/2 + θ/π, so E h = 2 − 1/2 − θ/π and δ = D − 1 − arctan(1/√(n − 1))/π (n = 2: 7/4).</li>
 *   <li>δ is monotone under inclusion, and T ∩ {tr Δ ≤ 0} ⊆ 𝒟 ⊆ {tr Δ ≤ 0} with T = {VᵀΔV = 0} the tangent space
 *       of the rank-r PSD matrices (dimension dof; tr is not zero on T): dof − 1/2 ≤ δ ≤ D − 1/2. The degrees of
 *       freedom alone is not a lower bound: δ &lt; dof for r ≥ n − 1; for k ≥ 2 the table has δ &gt; dof.</li>
 * </ul>
 *
 * <h2>Amelunxen et al.'s recipe and its error here</h2>
 * Their Theorem 4.3, for a norm f, bounds 0 ≤ inf_{τ≥0} E dist²(G, τ∂f(X*)) − δ ≤ 2 sup_{s∈∂f(X*)} ‖s‖ /
 * f(X* / ‖X*‖). Here f is not a norm and ∂f(X*) is unbounded, so that bound is infinite and does not apply. What
 * holds: the left inequality (E min ≤ min E), and, by the argument of their proof, an upper bound: g'' ≤ 2(r + k)
 * = 2n, so E g(τ̄) − E h ≤ n·E(τ̄ − σ)² for τ̄ = E σ ≥ 0 (σ ≥ z/√r); σ is Lipschitz in (z, G₂₂) with
 * ‖∇σ‖² = 1/(r + j) (an eigenvalue's gradient v vᵀ has norm 1), so by the Gaussian Poincaré inequality
 * <pre>
 *   0 ≤ inf_{τ≥0} E dist²(G, τ∂f(X*)) − δ ≤ n·Var σ ≤ n·E[1/(r + j_σ)] ≤ n/r.
 * </pre>
 * At r = n the gap is exactly 1/2 (inf_τ E = D).
 *
 * <h2>The two computations</h2>
 * <ul>
 *   <li>{@link #of}: the closed forms for k ≤ 1; otherwise Monte Carlo of E h with the fixed seed {@link #SEED}:
 *       the draws of {@link Rng#stream}(SEED, "statistical-dimension n=… r=…"), Gaussians by Marsaglia's polar
 *       method with {@link StrictMath#log}, spectra by {@link SymmetricEigen#eigenvaluesPortable}, sums in one
 *       order, so the same bits on every machine. Samples in batches of {@value #BATCH} until at least
 *       {@value #MIN_SAMPLES} and the standard error (sample deviation/√N) is at most {@link #TARGET_RELATIVE_ERROR}
 *       of the estimate, or {@value #MAX_SAMPLES} samples: the standard error is under 0.5% of δ for every n ≤ 40
 *       (and beyond). Cost: one k×k spectrum per sample.</li>
 *   <li>{@link #semicircle}: the recipe's inf_τ E with G₂₂'s spectrum replaced by its large-k limit, the semicircle
 *       law of radius 2·√(1/2)·√k = √(2k):
 *       <pre>
 *   dof + min_{τ≥0} [ rτ² + k·2k·M₂(τ/√(2k)) ],   M_p(s) = ∫ (x − s)₊^p dμ(x),  dμ = (2/π)√(1 − x²) dx on [−1, 1],
 *       </pre>
 *       M_p by Gauss–Legendre quadrature after x = cos θ (integrand (2/π)(cos θ − s)^p sin²θ on [0, arccos s],
 *       smooth), the minimiser the root of rτ = k√(2k)·M₁(τ/√(2k)) on (0, √(2k)] (Brent). Independent of the Monte
 *       Carlo but not equal to δ: at finite k the spectrum spreads beyond √(2k), E Σᵢ(λᵢ − τ)₊² exceeds the
 *       semicircle's, and for 10 ≤ n ≤ 40 and r ≤ n/4 the semicircle value lies 0.6–1.9% below δ (table); near
 *       r = n, where the spectral part is small, it lies above δ by up to the recipe's gap: at r = n it is D, a gap of
 *       1/2.</li>
 * </ul>
 *
 * <h2>Values</h2>
 * δ = {@link #of} (± its standard error, or exact for r ≥ n − 1), {@link #semicircle}, and the bound n·E[1/(r + j_σ)] on
 * the recipe's gap inf_τ E dist² − δ, from the same samples:
 * <pre>
 *    n    r    dof      δ  ± s.e.   semicircle  gap bound      D
 *   10    1     10    16.45    0.06      16.26       3.42     55
 *   10    2     19    26.98    0.11      26.56       2.31     55
 *   10    3     27    34.49    0.13      34.22       1.86     55
 *   10    5     40    44.68    0.15      44.72       1.42     55
 *   10    8     52    52.71    0.09      52.92       1.12     55
 *   10    9     54    53.90  exact       54.24       1.06     55
 *   10   10     55    54.50  exact       55.00       1.00     55
 *   20    1     20    38.01    0.15      37.30       4.98    210
 *   20    2     39    65.17    0.24      64.03       3.36    210
 *   20    3     57    87.18    0.32      85.81       2.70    210
 *   20    5     90   121.50    0.44     120.08       2.03    210
 *   20   10    155   175.17    0.34     173.87       1.42    210
 *   20   18    207   207.77    0.09     207.96       1.05    210
 *   20   19    209   208.93  exact      209.25       1.03    210
 *   20   20    210   209.50  exact      210.00       1.00    210
 *   40    1     40    84.11    0.32      83.23       7.31    820
 *   40    2     79   149.90    0.55     148.21       4.92    820
 *   40    3    117   207.10    0.77     204.27       3.91    820
 *   40   10    355   477.64    0.81     475.31       2.05    820
 *   40   20    610   688.24    0.66     685.48       1.42    820
 *   40   38    817   817.97    0.11     817.98       1.02    820
 *   40   39    819   818.95  exact      819.25       1.01    820
 *   40   40    820   819.50  exact      820.00       1.00    820
 * </pre>
 * Cost, measured on one core of a loaded 2-core machine with a warm JVM (CPU time): δ(20, 1), 2,750 samples, 75 ms;
 * all 20 ranks of n = 20, 0.2 s (0.7 s in a fresh JVM); all 40 ranks of n = 40, 1.0 s. The same bits under the
 * interpreter, C1 and C2 and with native or pure-Java BLAS ({@code StatisticalDimensionTest} pins two values).
 */
public final class StatisticalDimension {
    private StatisticalDimension() {}

    /** The Monte Carlo's seed (the year of Amelunxen et al.'s paper): every call draws the same samples. */
    public static final long SEED = 2014L;
    /** The Monte Carlo stops once its standard error is at most this share of its estimate. */
    public static final double TARGET_RELATIVE_ERROR = 0.004;
    /** Samples drawn between two checks of the standard error. */
    static final int BATCH = 250;
    /** Samples before the first check (the standard error of fewer is itself too uncertain). */
    static final int MIN_SAMPLES = 500;
    /** The most samples drawn, whatever the standard error. */
    static final int MAX_SAMPLES = 1 << 20;
    /** The largest n the Monte Carlo takes (one (n−r)×(n−r) spectrum per sample: O(n³) work each). */
    public static final int MAX_N = 1000;
    /** Relative accuracy of the quadratures of M₁, M₂. */
    private static final double QUADRATURE_ACCURACY = 1e-13;
    /** Gauss–Legendre points per sub-interval. */
    private static final int QUADRATURE_POINTS = 8;
    private static final int MAX_EVALUATIONS = 1_000_000;

    /**
     * An estimate of δ.
     *
     * @param value         δ
     * @param standardError the estimate's standard error (0 for a closed form or a quadrature)
     */
    public record Estimate(double value, double standardError) {}

    /**
     * The Monte Carlo's full result.
     *
     * @param estimate dof − 1 + the mean of h, and the standard error
     * @param samples  how many samples were drawn
     * @param gapBound n·E[1/(r + j_σ)], the bound on inf_τ E dist²(G, τ∂f) − δ (see the class comment)
     */
    record MonteCarlo(Estimate estimate, int samples, double gapBound) {}

    /**
     * δ(n, r): exact for r ≥ n − 1, the seeded Monte Carlo otherwise (standard error at most
     * {@link #TARGET_RELATIVE_ERROR} of the value; the same bits on every machine).
     *
     * @throws InvalidInputException unless 1 ≤ r ≤ n ≤ {@link #MAX_N}
     */
    public static Estimate of(int n, int r) {
        check(n, r);
        InvalidInputException.require(n <= MAX_N, "statistical dimension: n = " + n + " is above the Monte Carlo's limit " + MAX_N);
        int k = n - r;
        if (k == 0) {
            return new Estimate(ambientDimension(n) - 0.5, 0);
        }
        if (k == 1) {
            return new Estimate(ambientDimension(n) - 1 - StrictMath.atan(1 / Math.sqrt(r)) / Math.PI, 0);
        }
        return monteCarlo(n, r, SEED).estimate();
    }

    /**
     * The semicircle approximation of inf_τ E dist²(G, τ∂f(X*)) (see the class comment): D for r = n, a quadrature
     * (standard error 0) otherwise.
     *
     * @throws InvalidInputException unless 1 ≤ r ≤ n
     */
    public static Estimate semicircle(int n, int r) {
        check(n, r);
        double dof = degreesOfFreedom(n, r);
        int k = n - r;
        if (k == 0) {
            return new Estimate(dof, 0);
        }
        double a = Math.sqrt(2.0 * k);
        // rτ − k·a·M₁(τ/a) is increasing, −k·a·M₁(0) < 0 at τ = 0 and r·a > 0 at τ = a (M₁(1) = 0)
        double tau = new BrentSolver(QUADRATURE_ACCURACY * a)
            .solve(MAX_EVALUATIONS, t -> r * t - k * a * semicircleMoment(1, t / a), 0, a);
        return new Estimate(dof + r * tau * tau + k * a * a * semicircleMoment(2, tau / a), 0);
    }

    /** The degrees of freedom of a rank-r PSD n×n matrix: nr − r(r − 1)/2. */
    public static double degreesOfFreedom(int n, int r) {
        return (double) n * r - r * (r - 1) / 2.0;
    }

    /** D = n(n + 1)/2, the dimension of the symmetric n×n matrices. */
    public static double ambientDimension(int n) {
        return n * (n + 1) / 2.0;
    }

    /** M_p(s) = ∫ (x − s)₊^p dμ(x) for the semicircle law μ on [−1, 1], p = 1 or 2, by quadrature. */
    static double semicircleMoment(int p, double s) {
        if (s >= 1) {
            return 0;
        }
        double theta = s <= -1 ? Math.PI : Math.acos(s);
        IterativeLegendreGaussIntegrator integrator =
            new IterativeLegendreGaussIntegrator(QUADRATURE_POINTS, QUADRATURE_ACCURACY, Double.MIN_NORMAL);
        return integrator.integrate(MAX_EVALUATIONS, t -> {
            double c = Math.cos(t) - s;
            double sin = Math.sin(t);
            return (2 / Math.PI) * (p == 1 ? c : c * c) * sin * sin;
        }, 0, theta);
    }

    /** The Monte Carlo of δ = dof − 1 + E h for any 1 ≤ r ≤ n (also k ≤ 1, where the tests hold it to the closed forms). */
    static MonteCarlo monteCarlo(int n, int r, long seed) {
        check(n, r);
        int k = n - r;
        RandomGenerator rng = Rng.stream(seed, "statistical-dimension n=" + n + " r=" + r);
        PolarGaussian gaussian = new PolarGaussian(rng);
        double sqrtR = Math.sqrt(r);
        double offDiagonal = Math.sqrt(0.5);
        double[] g22 = new double[k * k];
        double base = degreesOfFreedom(n, r) - 1;
        double mean = 0;
        double m2 = 0; // Welford's sum of squared deviations
        double inverseCurvature = 0;
        int samples = 0;
        while (true) {
            for (int b = 0; b < BATCH; b++) {
                double z = gaussian.next();
                for (int j = 0; j < k; j++) {
                    for (int i = 0; i < j; i++) {
                        g22[i + j * k] = offDiagonal * gaussian.next();
                    }
                    g22[j + j * k] = gaussian.next();
                }
                double[] lambda = SymmetricEigen.eigenvaluesPortable(g22, k);
                // σ = (√r z + P_j)/(r + j) for the first j with σ ≥ λ_{j+1}
                double sum = sqrtR * z;
                int j = 0;
                double sigma = sum / r;
                while (j < k && sigma < lambda[j]) {
                    sum += lambda[j];
                    j++;
                    sigma = sum / (r + j);
                }
                double tau = Math.max(0, sigma);
                double d = sqrtR * tau - z;
                double h = d * d;
                for (int i = 0; i < k && lambda[i] > tau; i++) {
                    double e = lambda[i] - tau;
                    h += e * e;
                }
                samples++;
                double delta = h - mean;
                mean += delta / samples;
                m2 += delta * (h - mean);
                inverseCurvature += 1.0 / (r + j);
            }
            double se = Math.sqrt(m2 / (samples - 1) / samples);
            double value = base + mean;
            if (samples >= MAX_SAMPLES || (samples >= MIN_SAMPLES && se <= TARGET_RELATIVE_ERROR * value)) {
                return new MonteCarlo(new Estimate(value, se), samples, n * inverseCurvature / samples);
            }
        }
    }

    private static void check(int n, int r) {
        InvalidInputException.require(n >= 1, "statistical dimension: n = " + n + " must be at least 1");
        InvalidInputException.require(r >= 1 && r <= n, "statistical dimension: rank r = " + r + " must be in 1.." + n);
    }

    /** Standard normal draws by Marsaglia's polar method: uniforms, arithmetic, √ and StrictMath.log only. */
    private static final class PolarGaussian {
        private final RandomGenerator rng;
        private double spare;
        private boolean hasSpare;

        PolarGaussian(RandomGenerator rng) {
            this.rng = rng;
        }

        double next() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double u;
            double v;
            double s;
            do {
                u = 2 * rng.nextDouble() - 1;
                v = 2 * rng.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double factor = Math.sqrt(-2 * StrictMath.log(s) / s);
            spare = v * factor;
            hasSpare = true;
            return u * factor;
        }
    }
}
