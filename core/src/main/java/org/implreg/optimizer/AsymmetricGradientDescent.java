package org.implreg.optimizer;

import java.util.Optional;
import org.implreg.InvalidInputException;
import org.implreg.factorization.AsymmetricFactorizedObjective;
import org.implreg.linalg.Linalg;

/**
 * Gradient descent on (U, V) for the asymmetric completion objective of
 * {@link AsymmetricFactorizedObjective}: U ← U − η·2RV, V ← V − η·2RᵀU (simultaneous), fixed step.
 * Stops like {@link GradientDescent}: relative training error ‖P_Ω(UVᵀ) − M_Ω‖/‖M_Ω‖ ≤ tol, relative
 * change of (U, V) ≤ stationaryTol, the iteration cap, a loss above divergenceFactor·max(f₀, ‖M_Ω‖²)
 * (DIVERGED) or a non-finite loss (NON_FINITE).
 */
public final class AsymmetricGradientDescent {

    /** The outcome: final factors (row-major), why it stopped, counts, and the final loss. */
    public record Result(double[] u, double[] v, int n1, int n2, int d, StopReason stopReason, String criterion,
                         long iterations, double seconds, double loss, double trainError, double gradNorm) {}

    private final GradientDescent.Options options;

    /** @param options fixed-step options (line search is not supported here) */
    public AsymmetricGradientDescent(GradientDescent.Options options) {
        InvalidInputException.require(!options.lineSearch(), "asymmetric gradient descent supports fixed steps only");
        this.options = options;
    }

    /**
     * Runs from (U₀, V₀) (row-major n1×d and n2×d, not modified); {@code listener} sees every iterate
     * (its {@code u} is U; V is not shown).
     */
    public Result optimize(AsymmetricFactorizedObjective f, double[] u0, double[] v0, IterationListener listener) {
        int n1 = f.n1();
        int n2 = f.n2();
        int d = f.d();
        InvalidInputException.require(u0.length == n1 * d && v0.length == n2 * d,
            "initial factors must be " + n1 + "×" + d + " and " + n2 + "×" + d);
        long start = System.nanoTime();
        double[] u = u0.clone();
        double[] v = v0.clone();
        double[] r = new double[f.size()];
        double[] gu = new double[u.length];
        double[] gv = new double[v.length];
        double scale = f.yNorm() > 0 ? f.yNorm() : 1.0;
        double loss = f.residual(u, v, r);
        double divergence = options.divergenceFactor() * Math.max(loss, scale * scale);
        ConvergenceChecker checker = ConvergenceChecker.standard(options.tol(), divergence, options.stationaryTol(),
            options.maxIterations());
        double eta = options.step();
        long k = 0;
        double gradNorm = Double.NaN;
        double relChange = Double.NaN;
        ConvergenceChecker.Stop stop;
        while (true) {
            Optional<ConvergenceChecker.Stop> s = checker.observe(new IterationState(k, loss, Math.sqrt(loss) / scale, gradNorm,
                k == 0 ? Double.NaN : eta, relChange, u, k * eta), listener);
            if (s.isPresent()) {
                stop = s.get();
                break;
            }
            f.gradient(u, v, r, gu, gv);
            double gn2 = Linalg.normSq(gu) + Linalg.normSq(gv);
            double xn2 = Linalg.normSq(u) + Linalg.normSq(v);
            gradNorm = Math.sqrt(gn2);
            relChange = xn2 > 0 ? eta * gradNorm / Math.sqrt(xn2) : Double.POSITIVE_INFINITY;
            for (int i = 0; i < u.length; i++) {
                u[i] -= eta * gu[i];
            }
            for (int i = 0; i < v.length; i++) {
                v[i] -= eta * gv[i];
            }
            k++;
            loss = f.residual(u, v, r);
        }
        return new Result(u, v, n1, n2, d, stop.reason(), stop.criterion(), k, (System.nanoTime() - start) / 1e9, loss,
            Math.sqrt(loss) / scale, gradNorm);
    }
}
