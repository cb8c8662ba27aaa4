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

    @Override
    public void run() {
        for (Method m : Methods.all().values()) {
            commandSpec.commandLine().getOut().printf("%-6s %s%n", m.name(), m.description());
            Map<Capabilities, List<String>> kinds = new LinkedHashMap<>(); // kinds with equal capabilities share a line
            m.capabilities().forEach((kind, c) -> kinds.computeIfAbsent(c, x -> new ArrayList<>()).add(kind.key()));
            kinds.forEach((c, k) -> {
                commandSpec.commandLine().getOut().printf("       %s: %s%n", String.join(", ", k), c.summary());
                c.options().forEach(o -> commandSpec.commandLine().getOut().printf("         -o %s%n", o.help()));
            });
        }
    }
}
