/**
 * The result files of the commands ({@link org.implreg.result.ResultJson}: {@code result.json} of {@code solve}
 * and {@code complete} from a method's {@code SolveReport} or {@code CompletionReport}, and the summary lines the
 * commands print). The top of core: it serializes what {@code method} returns, with the provenance of {@code io}.
 */
package org.implreg.result;
