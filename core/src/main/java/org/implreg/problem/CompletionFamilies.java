package org.implreg.problem;

import org.implreg.InvalidInputException;

/** Checks shared by entry-completion families. */
final class CompletionFamilies {
    private CompletionFamilies() {}

    /** m may not exceed the n(n+1)/2 distinct entries of a symmetric n×n matrix. */
    static void requireEntries(ProblemSpec spec) {
        int n = spec.n();
        int len = n * (n + 1) / 2;
        InvalidInputException.require(spec.m() <= len,
            "m = " + spec.m() + " exceeds the " + len + " distinct entries of a symmetric " + n + "×" + n + " matrix");
    }
}
