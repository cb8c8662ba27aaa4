/**
 * Gradient flow U̇ = −∇f(U) of the factorized objective f(U) = ‖𝒜(U Uᵀ) − y‖² (Gunasekar et al.
 * 2017, eq. 3) and its discretizations other than gradient descent:
 * <ul>
 *   <li>{@link org.implreg.flow.GradientFlow}: the flow itself, by Dormand–Prince 8(5,3) (Hipparchus)
 *       for the transient and a linearly implicit Rosenbrock W-method with a Gauss–Newton Jacobian for
 *       the stiff, slowly converging tail;</li>
 *   <li>{@link org.implreg.flow.TimeOrderedExponential}: the time-ordered exponential of eq. (12),
 *       X ← e^{−ε𝒜*(r)} X e^{−ε𝒜*(r)}.</li>
 * </ul>
 * Time is measured in the flow's own scaling: since ∇f(U) = 4𝒜*(r)U, the flow of X is
 * Ẋ = −4(𝒜*(r)X + X𝒜*(r)) (the paper's eq. 4 up to the constant 4), gradient descent with step η
 * is at time kη after k steps and the time-ordered exponential with ε at time kε/4.
 */
package org.implreg.flow;
