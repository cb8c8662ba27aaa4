/**
 * The run protocol shared by every iterative method of implreg, below the methods themselves
 * ({@code optimizer}, {@code flow}, {@code convex}), which never use one another.
 *
 * <ul>
 *   <li>{@link org.implreg.run.IterativeDriver}: the one iteration loop. A method supplies x₀ and its
 *       step x_k → x_{k+1}; the driver checks for non-finite values, shows the iterate to the listener,
 *       asks the checker, counts steps and times the run, in that order. It also holds the divergence
 *       rule factor·max(f(x₀), f_ref) and its default factor 10⁸.</li>
 *   <li>{@link org.implreg.run.IterationState}: what a method reports about iterate k.</li>
 *   <li>{@link org.implreg.run.IterationListener}: observes iterates (progress, trajectories); methods never log.</li>
 *   <li>{@link org.implreg.run.ConvergenceChecker}: composable stopping rules.</li>
 *   <li>{@link org.implreg.run.StopReason} and {@link org.implreg.run.OptimizationResult}: how a run ended.</li>
 * </ul>
 */
package org.implreg.run;
