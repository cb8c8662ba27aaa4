package org.implreg.cli;

import org.implreg.method.Method;
import org.implreg.method.Methods;
import picocli.CommandLine.Command;

/** {@code implreg methods}: list the registered methods. */
@Command(name = "methods", mixinStandardHelpOptions = true, description = "List the solve methods.")
final class MethodsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Override
    public void run() {
        for (Method m : Methods.all().values()) {
            commandSpec.commandLine().getOut().printf("%-6s %s%n", m.name(), m.description());
        }
    }
}
