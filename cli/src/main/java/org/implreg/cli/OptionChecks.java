package org.implreg.cli;

import org.implreg.InvalidInputException;
/** Checks shared by the commands' options. */
final class OptionChecks {
    private OptionChecks() {}

    /**
     * Refuses a non-finite number (NaN, ±Infinity): the commands read a missing number as "the
     * method's default", so NaN would otherwise run silently with the default.
     */
    static void requireFinite(String option, Double value) {
        InvalidInputException.require(value == null || Double.isFinite(value), option + ": expected a finite number, got " + value);
    }
}
