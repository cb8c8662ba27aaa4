package org.implreg.reproduce.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import org.implreg.atlas.AtlasGrid;
import org.implreg.atlas.AtlasRecord;
import org.implreg.reproduce.Reproduction;

/**
 * What {@code reproduce atlas} runs its phase diagram with: the grid of the context's mode (quick or {@code --full})
 * and its records. The reproduction itself only aggregates, draws and judges ({@link AtlasReproduction}); the
 * runner is given to its constructor, so tests give a double.
 */
@FunctionalInterface
public interface AtlasRunner {

    /**
     * A finished phase diagram.
     *
     * @param grid    its shape
     * @param records every instance's record
     * @param stored  the records as stored ({@code atlas.jsonl}'s lines, each naming the build that made it), for
     *                provenance.json; empty where nothing was stored
     */
    record Run(AtlasGrid grid, List<AtlasRecord> records, Collection<JsonNode> stored) {}

    /** Runs (resumably) the phase diagram of {@code ctx}'s mode into {@code ctx.dir()} on {@code ctx.engine()}. */
    Run run(Reproduction.Context ctx);
}
