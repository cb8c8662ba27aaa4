package org.implreg.atlas;

import java.util.List;

/**
 * The shape of a phase diagram, what its aggregation and figures need besides the records.
 *
 * @param family       the registered problem family (measurement), e.g. "gaussian", "uniform-completion"
 * @param n            X* is n×n (symmetric PSD)
 * @param ranks        the ranks (rows of the diagram)
 * @param ms           the numbers of measurements (columns), increasing
 * @param trials       instances per cell
 * @param solvers      the solvers' row labels, in the spec's order ({@code nucmin} first)
 * @param successTol   a run recovers X* when ‖X − X*‖_F/‖X*‖_F ≤ this
 */
public record AtlasGrid(String family, int n, List<Integer> ranks, List<Integer> ms, int trials, List<String> solvers, double successTol) {

    /** D = n(n + 1)/2, the dimension of the symmetric n×n matrices. */
    public int ambientDimension() {
        return n * (n + 1) / 2;
    }
}
