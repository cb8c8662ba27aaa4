/**
 * Gradient descent on X = UVᵀ for rectangular completion ({@link org.implreg.completion.CompletionGd}: f(U, V) =
 * Σ_Ω ((UVᵀ)_ij − M_ij)², its recorded path and resumable checkpoints) and the files it keeps:
 * {@link org.implreg.completion.GdCheckpointFile} (factors and path so far, one npz) and
 * {@link org.implreg.completion.GdPathCsv} (the path as CSV). Above {@code optimizer}, {@code metrics} and
 * {@code io}, which it uses; the registry's {@code gd} runs it through {@code Method.complete}.
 */
package org.implreg.completion;
