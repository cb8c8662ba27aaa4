/**
 * Convex references: the minimum nuclear norm solution of a measurement problem, with certificates.
 *
 * <p>For the symmetric PSD problem (the factorization X = UUᵀ can only reach X ⪰ 0), the nuclear
 * norm is the trace, and the reference is the SDP
 * <pre>
 *   primal:  min tr(X)  s.t. 𝒜(X) = y, X ⪰ 0
 *   dual:    max yᵀv    s.t. S = I − 𝒜*(v) ⪰ 0
 * </pre>
 * solved by {@link InteriorPointNucmin}; {@link NucminCertificate} checks the KKT conditions on any
 * (X, v). {@link CompletionNucmin} solves the asymmetric min ‖X‖_* s.t. X_Ω = M_Ω at MovieLens
 * scale. {@link Csdp} writes SDPA files and runs the external CSDP solver as an independent check.
 */
package org.implreg.convex;
