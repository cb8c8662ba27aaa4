package org.implreg.flow;

import org.implreg.run.OptimizationResult;

/**
 * The outcome of integrating the gradient flow.
 *
 * @param result          the final point and why the integration stopped; {@code iterations} counts
 *                        accepted steps, {@code gradientEvaluations} evaluations of ∇f
 * @param flowTime        the time t reached
 * @param rejectedSteps   steps rejected by the error control
 * @param jacobianBuilds  Gauss–Newton Jacobian factorizations of the stiff phase (each costs about
 *                        2mn²d + m²nd + 9m³ flops for dense operators)
 * @param linearSolves    solves with the Jacobian of the stiff phase plus stiffness probes (each
 *                        costs about one gradient evaluation)
 * @param switchTime      the time at which the stiff integrator took over, NaN if it never did
 * @param integrator      the integrator(s) used, e.g. "dp853+bdf"
 * @param maxTime         the final time it ran under: the options' maxTime, or the horizon
 *                        {@link GradientFlow#HORIZON}/ρ where they set none
 * @param rate            ρ = ‖𝒜*(r₀)‖₂, the flow's initial rate, whose inverse is its unit of time
 *                        ({@link GradientFlow#rate})
 */
public record FlowResult(OptimizationResult result, double flowTime, long rejectedSteps, long jacobianBuilds,
                         long linearSolves, double switchTime, String integrator, double maxTime, double rate) {
}
