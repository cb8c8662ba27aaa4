/**
 * Closed forms from the papers: step-size bounds and scalar recursions that the numerical methods are
 * tested against and that the CLI's {@code theory} command prints.
 */
package org.implreg.theory;
