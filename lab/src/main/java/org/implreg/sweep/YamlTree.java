package org.implreg.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;

/**
 * YAML (and JSON) text as a Jackson tree with the node types {@code YAMLMapper.readTree} gives (each
 * plain scalar is typed by Jackson itself), but with aliases ({@code *name}) resolved to their
 * anchor's value (Jackson gives the anchor's name as a string), the expanded tree bounded (a
 * "billion laughs" document is refused, not expanded), and a key written twice in one mapping refused
 * instead of silently taking the last. Read from SnakeYAML's event stream.
 */
final class YamlTree {
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Iterator<Event> events;
    private final String where;
    private final long maxNodes;
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private final Map<String, Long> anchorSizes = new HashMap<>();
    private long nodes;
    private int depth;
    private Event current;

    /**
     * Deepest nesting of mappings and sequences read (a spec needs five or six levels): a document nested
     * 20,000 levels deep would otherwise overflow the stack of this recursive reader.
     */
    static final int MAX_DEPTH = 100;

    private YamlTree(Iterator<Event> events, String where, long maxNodes) {
        this.events = events;
        this.where = where;
        this.maxNodes = maxNodes;
    }

    /** The tree of the first document of {@code text} (null when empty); errors name {@code where} and the line. */
    static JsonNode read(String text, String where, long maxNodes) throws IOException {
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        try {
            YamlTree t = new YamlTree(new Yaml(lo).parse(new StringReader(text)).iterator(), where, maxNodes);
            while (t.next() != null) {
                if (t.current instanceof NodeEvent) {
                    return t.value();
                }
            }
            return null;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            throw new InvalidInputException(where + ": not valid YAML/JSON" + (m == null ? "" : " at line " + (m.getLine() + 1)) + " ("
                + e.getProblem() + ")");
        } catch (YAMLException e) {
            throw new InvalidInputException(where + ": not valid YAML/JSON (" + e.getMessage() + ")");
        }
    }

    private Event next() {
        current = events.hasNext() ? events.next() : null;
        return current;
    }

    private int line() {
        return current.getStartMark() == null ? 0 : current.getStartMark().getLine() + 1;
    }

    private void count(long n) {
        nodes += n;
        if (nodes > maxNodes) {
            throw new InvalidInputException(where + ": line " + line() + ": the document expands to more than " + maxNodes
                + " values (aliases included)");
        }
    }

    /** The value whose first event is {@code current}; leaves {@code current} on its last event. */
    private JsonNode value() throws IOException {
        Event e = current;
        if (e instanceof AliasEvent a) {
            JsonNode target = anchors.get(a.getAnchor());
            if (target == null) {
                throw new InvalidInputException(where + ": line " + line() + ": alias *" + a.getAnchor() + " has no anchor before it");
            }
            count(anchorSizes.get(a.getAnchor()));
            return target;
        }
        String anchor = ((NodeEvent) e).getAnchor();
        long before = nodes;
        count(1);
        boolean nested = e instanceof MappingStartEvent || e instanceof SequenceStartEvent;
        if (nested && ++depth > MAX_DEPTH) {
            throw new InvalidInputException(where + ": line " + line() + ": nested more than " + MAX_DEPTH + " levels deep");
        }
        JsonNode node;
        if (e instanceof MappingStartEvent) {
            ObjectNode o = NODES.objectNode();
            while (!(next() instanceof org.yaml.snakeyaml.events.MappingEndEvent)) {
                if (!(current instanceof ScalarEvent k)) {
                    throw new InvalidInputException(where + ": line " + line() + ": a mapping key must be a plain value");
                }
                String key = k.getValue();
                if (o.has(key)) {
                    throw new InvalidInputException(where + ": line " + line() + ": key '" + key + "' appears twice in one mapping");
                }
                next();
                o.set(key, value());
            }
            node = o;
        } else if (e instanceof SequenceStartEvent) {
            ArrayNode arr = NODES.arrayNode();
            while (!(next() instanceof org.yaml.snakeyaml.events.SequenceEndEvent)) {
                arr.add(value());
            }
            node = arr;
        } else if (e instanceof ScalarEvent s) {
            node = scalar(s);
        } else {
            throw new InvalidInputException(where + ": line " + line() + ": unexpected " + e.getEventId());
        }
        if (nested) {
            depth--;
        }
        if (anchor != null) {
            anchors.put(anchor, node);
            anchorSizes.put(anchor, nodes - before);
        }
        return node;
    }

    /** A scalar typed as Jackson types it: quoted ones are text, plain ones as Jackson reads them in a mapping. */
    private JsonNode scalar(ScalarEvent s) throws IOException {
        boolean plain = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
        if (s.getTag() == null && !plain) {
            return NODES.textNode(s.getValue());
        }
        String tag = s.getTag() == null ? "" : "!<" + s.getTag() + "> ";
        String text = plain ? s.getValue() : YAML.writeValueAsString(s.getValue()).replaceFirst("^---\\s*", "").strip();
        JsonNode n = YAML.readTree("v: " + tag + text);
        return n == null || n.get("v") == null ? NODES.nullNode() : n.get("v");
    }
}
