package dev.overlap.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** The overlap command line run in-process by the tests: its exit code and what it printed to stderr. */
record Cli(int code, String err) {
    /** Runs {@code overlap ARGS}, its standard output discarded. */
    static Cli run(String... args) {
        StringWriter err = new StringWriter();
        int code = OverlapCommand.commandLine().setErr(new PrintWriter(err, true))
                .setOut(new PrintWriter(new StringWriter(), true)).execute(args);
        return new Cli(code, err.toString().strip());
    }

    static Cli run(List<String> args) {
        return run(args.toArray(String[]::new));
    }
}
