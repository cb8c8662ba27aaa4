package org.implreg.factorization;

import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Problem;

/**
 * A loss L(W) of the end-to-end matrix W (rows × cols, column-major) of a deep factorization, with
 * its gradient ∇L(W). All use the ½ of Chou et al. (eq. 3):
 * <ul>
 *   <li>{@link #full}: L = ½‖W − Ŵ‖²_F, ∇L = W − Ŵ;</li>
 *   <li>{@link #sensing}: L = ½‖𝒜(W) − y‖² for a symmetric operator of a {@link Problem} (W square;
 *   ⟨A_i, W⟩ with symmetric A_i sees the symmetric part of W), ∇L = 𝒜*(r);</li>
 *   <li>{@link #entries}: L = ½Σ_Ω (W_ij − M_ij)², ∇L = P_Ω(W − M) (rectangular completion).</li>
 * </ul>
 * The relative training error reported with it is √(2L)/{@link #targetNorm()} (‖W − Ŵ‖/‖Ŵ‖,
 * ‖𝒜(W) − y‖/‖y‖, ‖P_Ω(W) − M_Ω‖/‖M_Ω‖). Implementations are immutable and thread-safe.
 */
public interface EndToEndLoss {

    /** Rows of W. */
    int rows();

    /** Columns of W. */
    int cols();

    /** ‖Ŵ‖_F, ‖y‖ or ‖M_Ω‖: the scale of the relative training error. */
    double targetNorm();

    /** Returns L(W) and writes ∇L(W) (rows × cols) into {@code grad}; {@code w} is not modified. */
    double evaluate(double[] w, double[] grad);

    /** Short description for provenance. */
    String describe();

    /** ½‖W − Ŵ‖²_F for Ŵ rows × cols column-major (copied). */
    static EndToEndLoss full(double[] target, int rows, int cols) {
        InvalidInputException.require(target.length == rows * cols, "target must be " + rows + "×" + cols);
        InvalidInputException.require(Linalg.allFinite(target), "target has non-finite entries");
        double[] t = target.clone();
        double norm = Linalg.norm(t);
        return new EndToEndLoss() {
            @Override
            public int rows() {
                return rows;
            }

            @Override
            public int cols() {
                return cols;
            }

            @Override
            public double targetNorm() {
                return norm;
            }

            @Override
            public double evaluate(double[] w, double[] grad) {
                double s = 0;
                for (int i = 0; i < t.length; i++) {
                    double e = w[i] - t[i];
                    grad[i] = e;
                    s += e * e;
                }
                return 0.5 * s;
            }

            @Override
            public String describe() {
                return "full observation ½‖W − Ŵ‖²_F, " + rows + "×" + cols;
            }
        };
    }

    /** ½‖𝒜(W) − y‖² for the operator and measurements of a symmetric problem (W is n×n). */
    static EndToEndLoss sensing(Problem p) {
        int n = p.n();
        double[] y = p.y().clone();
        double norm = Linalg.norm(y);
        return new EndToEndLoss() {
            @Override
            public int rows() {
                return n;
            }

            @Override
            public int cols() {
                return n;
            }

            @Override
            public double targetNorm() {
                return norm;
            }

            @Override
            public double evaluate(double[] w, double[] grad) {
                double[] sym = new double[n * n];
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        sym[i + j * n] = 0.5 * (w[i + j * n] + w[j + i * n]);
                    }
                }
                double[] r = new double[p.m()];
                p.operator().apply(sym, r);
                double s = 0;
                for (int i = 0; i < r.length; i++) {
                    r[i] -= y[i];
                    s += r[i] * r[i];
                }
                p.operator().adjoint(r, grad);
                return 0.5 * s;
            }

            @Override
            public String describe() {
                return "sensing ½‖𝒜(W) − y‖², " + p.operator().kind() + ", n = " + n + ", m = " + p.m();
            }
        };
    }

    /** ½Σ_Ω (W_ij − M_ij)² on the observed entries of a rectangular completion problem. */
    static EndToEndLoss entries(AsymmetricCompletion c) {
        int n1 = c.n1();
        int[] idx = new int[c.size()];
        for (int e = 0; e < idx.length; e++) {
            idx[e] = c.rows()[e] + c.cols()[e] * n1;
        }
        double[] m = c.values().clone();
        double norm = Linalg.norm(m);
        return new EndToEndLoss() {
            @Override
            public int rows() {
                return n1;
            }

            @Override
            public int cols() {
                return c.n2();
            }

            @Override
            public double targetNorm() {
                return norm;
            }

            @Override
            public double evaluate(double[] w, double[] grad) {
                java.util.Arrays.fill(grad, 0.0);
                double s = 0;
                for (int e = 0; e < idx.length; e++) {
                    double r = w[idx[e]] - m[e];
                    grad[idx[e]] = r;
                    s += r * r;
                }
                return 0.5 * s;
            }

            @Override
            public String describe() {
                return "entries ½Σ_Ω (W_ij − M_ij)², " + n1 + "×" + c.n2() + ", |Ω| = " + idx.length;
            }
        };
    }
}
