package org.implreg.reproduce;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a reproduction's numbers compare with a paper's finding; {@link #word()} is what summary.json
 * and the pages show.
 */
public enum Verdict {
    /** The numbers show the finding. */
    AGREES("agrees", "ok"),
    /** Part of the finding holds. */
    PARTLY("partly", ""),
    /** The numbers contradict the finding. */
    DISAGREES("disagrees", "bad");

    private final String word;
    private final String cssClass;

    Verdict(String word, String cssClass) {
        this.word = word;
        this.cssClass = cssClass;
    }

    /** The JSON word: agrees, partly, disagrees. */
    @JsonValue
    public String word() {
        return word;
    }

    /** The CSS class of the word on a page (ok, none, bad). */
    public String cssClass() {
        return cssClass;
    }

    /** AGREES when {@code all} holds, else PARTLY when {@code some} does, else DISAGREES. */
    public static Verdict of(boolean all, boolean some) {
        return all ? AGREES : some ? PARTLY : DISAGREES;
    }

    /** The verdict of a JSON word. */
    public static Verdict parse(String word) {
        for (Verdict v : values()) {
            if (v.word.equals(word)) {
                return v;
            }
        }
        throw new IllegalArgumentException("not a verdict: '" + word + "' (agrees, partly, disagrees)");
    }

    /** The CSS class of a verdict word, or of a combined one like "agrees / partly" (ok only if all agree, bad if any disagrees). */
    public static String cssClassOf(String words) {
        if (words.contains(DISAGREES.word)) {
            return DISAGREES.cssClass;
        }
        return words.replace(AGREES.word, "").replace("/", "").isBlank() ? AGREES.cssClass : PARTLY.cssClass;
    }

    @Override
    public String toString() {
        return word;
    }
}
