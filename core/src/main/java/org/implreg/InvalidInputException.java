package org.implreg;

/**
 * Bad input from a user: a malformed file, an impossible parameter, an inconsistent problem.
 *
 * <p>The message is one line that says what is wrong and where (file, key, index). The command
 * line turns this exception into exit code 2 and prints the message alone, without a stack trace, as
 * {@link #oneLine} gives it: messages quote input, and a quoted token is cut to its first
 * {@value #TOKEN_KEPT} characters when it is longer than {@value #TOKEN_CAP} (a 5 MB token in a ratings
 * file gives a line of ~150 characters, not 5 MB). Library callers may catch it like any
 * {@link IllegalArgumentException}.
 */
public class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A token (a run of characters without white space) longer than this is cut by {@link #oneLine}. */
    public static final int TOKEN_CAP = 200;
    /** Characters a cut token keeps (besides its quotes). */
    public static final int TOKEN_KEPT = 100;
    /** A message longer than this (after cutting tokens: many short ones) is cut to {@value #MESSAGE_KEPT} characters. */
    public static final int MESSAGE_CAP = 800;
    /** Characters a cut message keeps. */
    public static final int MESSAGE_KEPT = 600;
    private static final String OPENING = "'\"`([{<";
    private static final String CLOSING = "'\"`)]}>.,:;";

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

    /**
     * A message as one line of bounded length, how the command line prints every error: line breaks
     * (with the white space around them) become one space; a token longer than {@value #TOKEN_CAP}
     * characters between its quotes keeps them (up to three of {@code ' " ( [} at its start and of {@code ' " ) ] . , : ;}
     * at its end) and the first {@value #TOKEN_KEPT} characters between them, followed by
     * {@code … (N characters)}, N the length between the quotes; a message still longer than
     * {@value #MESSAGE_CAP} characters keeps its first {@value #MESSAGE_KEPT}, followed by {@code … (N characters in all)}.
     * null gives "".
     */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String s = message.replaceAll("\\s*\\R\\s*", " ").strip();
        if (s.length() <= TOKEN_CAP) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        int n = s.length();
        for (int i = 0; i < n; ) {
            boolean space = Character.isWhitespace(s.charAt(i));
            int j = i;
            while (j < n && Character.isWhitespace(s.charAt(j)) == space) {
                j++;
            }
            int from = i;
            int to = j;
            if (!space && j - i > TOKEN_CAP) {
                while (from < i + 3 && OPENING.indexOf(s.charAt(from)) >= 0) {
                    from++;
                }
                while (to > j - 3 && CLOSING.indexOf(s.charAt(to - 1)) >= 0) {
                    to--;
                }
            }
            if (space || to - from <= TOKEN_CAP) {
                b.append(s, i, j);
            } else {
                b.append(s, i, from).append(s, from, cut(s, from, TOKEN_KEPT)).append("… (").append(to - from).append(" characters)")
                    .append(s, to, j);
            }
            i = j;
        }
        if (b.length() > MESSAGE_CAP) {
            int len = b.length();
            return b.substring(0, cut(b, 0, MESSAGE_KEPT)) + "… (" + len + " characters in all)";
        }
        return b.toString();
    }

    /** from + keep, or one less where that would split a surrogate pair. */
    private static int cut(CharSequence s, int from, int keep) {
        int end = from + keep;
        return Character.isHighSurrogate(s.charAt(end - 1)) ? end - 1 : end;
    }
}
