package org.implreg.reproduce;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A verdict on one finding of a paper: which figure or claim, the finding (a quote or a paraphrase),
 * the verdict and the numbers behind it. Made by the pure verdict rules of the reproductions.
 *
 * @param figure     the figure or theorem, e.g. "2"
 * @param field      the summary.json key of the statement: "finding" (a quote) or "claim" (a paraphrase)
 * @param statement  the finding or claim
 * @param verdict    the verdict
 * @param evidence   the numbers, in words
 */
public record Finding(String figure, String field, String statement, Verdict verdict, String evidence) {
    /** A finding quoted from the paper. */
    public static Finding quoted(String figure, String quote, Verdict verdict, String evidence) {
        return new Finding(figure, "finding", quote, verdict, evidence);
    }

    /** A claim paraphrased from the paper. */
    public static Finding claim(String figure, String claim, Verdict verdict, String evidence) {
        return new Finding(figure, "claim", claim, verdict, evidence);
    }

    /** As summary.json's verdict objects: figure, finding or claim, verdict (its word), evidence. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("figure", figure);
        m.put(field, statement);
        m.put("verdict", verdict.word());
        m.put("evidence", evidence);
        return m;
    }
}
