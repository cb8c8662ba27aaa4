/**
 * The exhaustive 3×3 PSD completion grid of Gunasekar et al. (2017), Figure 4
 * ({@link org.implreg.grid.PsdCompletionGrid}): the exact minimum nuclear norm of each instance from
 * {@code convex.TinyCompletion} and the gradient flow from {@code flow}, so it sits above both.
 */
package org.implreg.grid;
