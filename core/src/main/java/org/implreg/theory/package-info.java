/**
 * Closed forms from the papers: step-size bounds and scalar recursions that the numerical methods are
 * tested against and that the CLI's {@code theory} command prints; and the small experiments behind the
 * analytical claims of Gunasekar et al. 2017 (least-squares limits, the m = 1 curve, the Lie closure, the
 * time-ordered product, descent with other losses or stochastic steps), used by the reproduction
 * {@code gunasekar2017-theory}; and the statistical dimension of trace minimisation's descent cone with the degrees of
 * freedom ({@code StatisticalDimension}), the theory curves of the atlas's phase diagrams.
 */
package org.implreg.theory;
