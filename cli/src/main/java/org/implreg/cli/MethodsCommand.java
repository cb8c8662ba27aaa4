package org.implreg.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.method.Capabilities;
import org.implreg.method.Method;
import org.implreg.method.Methods;
import org.implreg.method.SolveSettings;
import picocli.CommandLine.Command;

/** {@code implreg methods}: list the registered methods. */
@Command(name = "methods", mixinStandardHelpOptions = true,
    description = "List the registered methods: for each, a line of description and, per problem kind it solves, what it supports.")
final class MethodsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    /** One line: init kinds, factor, width, step, line search, dual, the general settings it reads, defaults and option keys. */
    static String summary(Capabilities c) {
        StringBuilder sb = new StringBuilder("init ").append(String.join("|", c.inits().stream().map(SolveSettings.Init::key).sorted().toList()));
        sb.append(c.factor() ? ", factor" : "").append(c.width() ? ", d" : "").append(c.step() ? ", step" : "")
            .append(c.lineSearch() ? ", line search" : "").append(c.dual() ? ", dual v" : "");
        for (String k : List.of(Capabilities.INIT_SCALE, Capabilities.SEED, Capabilities.MAX_ITER, Capabilities.TOL)) {
            sb.append(c.reads().contains(k) ? ", " + k : "");
        }
        if (!c.defaults().isEmpty()) {
            sb.append("; defaults ");
            List<String> d = new ArrayList<>();
            c.defaults().forEach((k, v) -> d.add(k + "=" + MethodHelp.format(v)));
            sb.append(String.join(", ", d));
        }
        if (!c.optionKeys().isEmpty()) {
            sb.append("; options ").append(String.join(", ", c.optionKeys()));
        }
        return sb.toString();
    }

    @Override
    public void run() {
        for (Method m : Methods.all().values()) {
            commandSpec.commandLine().getOut().printf("%-6s %s%n", m.name(), m.description());
            Map<Capabilities, List<String>> kinds = new LinkedHashMap<>(); // kinds with equal capabilities share a line
            m.capabilities().forEach((kind, c) -> kinds.computeIfAbsent(c, x -> new ArrayList<>()).add(kind.key()));
            kinds.forEach((c, k) -> commandSpec.commandLine().getOut().printf("       %s: %s%n", String.join(", ", k), summary(c)));
        }
    }
}
