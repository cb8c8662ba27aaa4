package org.implreg.method;

import java.util.List;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemSpec;

/**
 * A {@link Method} that can solve several runs on the same problem together (e.g. fixed-step GD runs
 * that share a dense operator: one matrix-matrix product a pass instead of one matrix-vector
 * product a run). The sweep engine (implreg-lab) groups runs whose {@link #batchKey} agree.
 *
 * <p>Contract: {@link #solveBatch} returns, for each settings, the report {@link #solve} would give up
 * to floating-point summation order, and a run's result depends only on its own settings (not on
 * which other runs share its batch) up to that same order. Sweeps make batches from the spec alone,
 * so results never depend on the thread count or on what an earlier, interrupted sweep finished.
 */
public interface BatchableMethod extends Method {

    /**
     * The key under which a run may share a batch with others on the same problem, or null when it
     * must run alone (e.g. line search, or an operator for which batching does not pay).
     */
    String batchKey(ProblemSpec problem, SolveSettings settings);

    /** Solves all {@code settings} (same batch key) on {@code problem}; reports in input order. */
    List<SolveReport> solveBatch(Problem problem, List<SolveSettings> settings);
}
