package org.implreg;

/**
 * Bad input from a user: a malformed file, an impossible parameter, an inconsistent problem.
 *
 * <p>The message is one line that says what is wrong and where (file, key, index). The command
 * line turns this exception into exit code 2 and prints the message alone, without a stack trace.
 * Library callers may catch it like any {@link IllegalArgumentException}.
 */
public class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Throws when {@code condition} is false. */
    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidInputException(message);
        }
    }
}
