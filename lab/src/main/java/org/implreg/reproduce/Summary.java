package org.implreg.reproduce;

import java.util.List;

/**
 * A reproduction's results, typed: each reproduction returns one record implementing this, a tree of records
 * whose components are its summary.json keys in order (Java names in camelCase, written in snake_case by
 * {@link RecordJson}, the one serializer; {@code @JsonProperty} where a key is not the snake_case of its
 * component). Verdict rules are pure functions of such records; {@code Map<String, Object>} appears only where
 * {@link Page#write} turns the record into the file.
 */
public interface Summary {

    /** The verdicts, as summary.json's {@code verdicts} list holds them. */
    List<Finding> verdicts();
}
