package org.implreg.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code summary.json} key tables of docs/REPRODUCTIONS.md and the check of a summary against them, as pure
 * functions. Each reproduction's section ({@code ## `NAME`: ...}) holds a heading that names {@code `summary.json` keys}
 * followed by a Markdown table; every {@code `code`} span in the first cell of a row is a key path:
 * <ul>
 *   <li>{@code a.b}: member {@code b} of object {@code a};</li>
 *   <li>{@code a[]}: the elements of list {@code a} ({@code rows[].name}: some element of {@code rows} has {@code name},
 *       since the elements of a list may differ, e.g. only the minimum's row has a duality gap);</li>
 *   <li>{@code {x,y}}: one path per alternative, each must exist ({@code figure1.{a,b,c}.m});</li>
 *   <li>{@code *} inside a segment: any characters of a member name ({@code *_final}, {@code depth-*}); a segment
 *       {@code *} alone: every member (for keys that are values of the grid, e.g. {@code per_m.*}).</li>
 * </ul>
 * A documented path holds when at least one node of the summary matches it. A summary agrees with its table when every
 * documented path holds and every top-level key of the summary matches the first segment of some documented path.
 */
final class DocsKeys {
    private DocsKeys() {}

    private static final Pattern SECTION = Pattern.compile("^## `([a-z0-9-]+)`");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** Per reproduction (by its section's name, in document order), the key paths of its {@code summary.json} table. */
    static Map<String, List<String>> tables(String markdown) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        String section = null;
        boolean inKeys = false;
        boolean inTable = false;
        for (String line : markdown.split("\n", -1)) {
            Matcher s = SECTION.matcher(line);
            if (line.startsWith("## ")) {
                section = s.find() ? s.group(1) : null;
                inKeys = false;
                inTable = false;
                continue;
            }
            if (line.startsWith("#")) {
                inKeys = section != null && line.contains("`summary.json` keys");
                inTable = false;
                continue;
            }
            if (!inKeys) {
                continue;
            }
            if (line.startsWith("|")) {
                String first = line.substring(1, line.indexOf('|', 1) < 0 ? line.length() : line.indexOf('|', 1)).trim();
                if (!inTable || first.matches("-+")) { // the header row, then the separator
                    inTable = true;
                    continue;
                }
                Matcher c = CODE.matcher(first);
                List<String> paths = tables.computeIfAbsent(section, k -> new ArrayList<>());
                while (c.find()) {
                    paths.add(c.group(1));
                }
            } else if (inTable) {
                inKeys = false;
                inTable = false;
            }
        }
        return tables;
    }

    /** {@code path} with its {@code {x,y}} alternatives expanded, in order. */
    static List<String> expand(String path) {
        int open = path.indexOf('{');
        if (open < 0) {
            return List.of(path);
        }
        int close = path.indexOf('}', open);
        if (close < 0) {
            throw new IllegalArgumentException("unclosed { in key path " + path);
        }
        List<String> out = new ArrayList<>();
        for (String alt : path.substring(open + 1, close).split(",", -1)) {
            out.addAll(expand(path.substring(0, open) + alt.trim() + path.substring(close + 1)));
        }
        return out;
    }

    /** The nodes of {@code root} that the brace-free {@code path} names (empty: none). */
    static List<JsonNode> resolve(String path, JsonNode root) {
        List<JsonNode> nodes = List.of(root);
        for (String segment : path.split("\\.", -1)) {
            int lists = 0;
            String name = segment;
            while (name.endsWith("[]")) {
                name = name.substring(0, name.length() - 2);
                lists++;
            }
            Pattern member = Pattern.compile(glob(name));
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : nodes) {
                if (n.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (member.matcher(e.getKey()).matches()) {
                            next.add(e.getValue());
                        }
                    }
                }
            }
            for (int i = 0; i < lists; i++) {
                List<JsonNode> elements = new ArrayList<>();
                for (JsonNode n : next) {
                    if (n.isArray()) {
                        n.forEach(elements::add);
                    }
                }
                next = elements;
            }
            nodes = next;
        }
        return nodes;
    }

    /** The regular expression of a segment's name: {@code *} any characters, the rest literal. */
    private static String glob(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return String.join(".*", parts);
    }

    /**
     * What disagrees between a documented table and a summary: each documented path (expanded) that names no node,
     * and each top-level key of the summary that no documented path starts with. Empty: they agree.
     */
    static List<String> problems(List<String> documented, JsonNode summary) {
        List<String> problems = new ArrayList<>();
        List<Pattern> firsts = new ArrayList<>();
        for (String path : documented) {
            for (String p : expand(path)) {
                if (resolve(p, summary).isEmpty()) {
                    problems.add("documented key " + p + " is not in summary.json");
                }
                firsts.add(Pattern.compile(glob(p.split("\\.", -1)[0].replace("[]", ""))));
            }
        }
        for (Iterator<String> it = summary.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (firsts.stream().noneMatch(f -> f.matcher(key).matches())) {
                problems.add("summary.json key " + key + " is not documented");
            }
        }
        return problems;
    }
}
