package org.implreg.problem;

/**
 * c𝒜 for an operator 𝒜 and a factor c &gt; 0: (c𝒜)(X) = c·𝒜(X), (c𝒜)*(r) = c·𝒜*(r), every fused kernel of
 * 𝒜 scaled by c (the Schur complement and the Gauss–Newton Gram by c²). Made by
 * {@link MeasurementOperators#scaled}; used to check that the solvers' answers are scale-free.
 */
final class ScaledOperator implements MeasurementOperator {
    private final MeasurementOperator base;
    private final double c;

    ScaledOperator(MeasurementOperator base, double c) {
        this.base = base;
        this.c = c;
    }

    private void scale(double[] out, double by) {
        for (int i = 0; i < out.length; i++) {
            out[i] *= by;
        }
    }

    @Override
    public int n() {
        return base.n();
    }

    @Override
    public int m() {
        return base.m();
    }

    @Override
    public String kind() {
        return base.kind();
    }

    @Override
    public void apply(double[] x, double[] out) {
        base.apply(x, out);
        scale(out, c);
    }

    @Override
    public void adjoint(double[] r, double[] out) {
        base.adjoint(r, out);
        scale(out, c);
    }

    @Override
    public int workspaceSize(int d) {
        return base.workspaceSize(d);
    }

    @Override
    public void applyGram(double[] u, int d, double[] out, double[] work) {
        base.applyGram(u, d, out, work);
        scale(out, c);
    }

    @Override
    public void applySymmetricProduct(double[] u, double[] v, int d, double[] out, double[] work) {
        base.applySymmetricProduct(u, v, d, out, work);
        scale(out, c);
    }

    @Override
    public void adjointTimes(double[] r, double[] u, int d, double[] out, double[] work) {
        base.adjointTimes(r, u, d, out, work);
        scale(out, c);
    }

    @Override
    public void applyGramRows(int[] rows, double[] u, int d, double[] out, double[] work) {
        base.applyGramRows(rows, u, d, out, work);
        for (int k = 0; k < rows.length; k++) {
            out[k] *= c;
        }
    }

    @Override
    public void adjointTimesRows(int[] rows, double[] w, double[] u, int d, double[] out, double[] work) {
        base.adjointTimesRows(rows, w, u, d, out, work);
        scale(out, c);
    }

    @Override
    public void schurComplement(double[] g, double[] out) {
        base.schurComplement(g, out);
        scale(out, c * c);
    }

    @Override
    public void gaussNewtonGram(double[] u, int d, double[] out) {
        base.gaussNewtonGram(u, d, out);
        scale(out, c * c);
    }

    @Override
    public double[] toDenseStack() {
        double[] s = base.toDenseStack();
        scale(s, c);
        return s;
    }

    @Override
    public double normSquaredEstimate() {
        return c * c * base.normSquaredEstimate();
    }
}
