package dev.overlap.cli;

import dev.overlap.engine.DivergenceException;
import dev.overlap.spec.SpecException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code overlap} command. Exit codes: 0 success, 2 bad input, 1 a run that failed (e.g. diverged). */
@Command(name = "overlap", mixinStandardHelpOptions = true, version = "overlap 0.1.0",
        description = "Online SGD of two-layer networks and the reduced dynamics of their overlaps.",
        subcommands = {RunCommand.class, ExitTimesCommand.class, CompareCommand.class, TheoryCommand.class,
            BenchCommand.class, SampleComplexityCommand.class, ValidateCommand.class})
public final class OverlapCommand implements Runnable {
    public static final int BAD_INPUT = 2;
    public static final int RUN_FAILED = 1;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new OverlapCommand());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof SpecException || e instanceof IllegalArgumentException) {
                line.getErr().println("error: " + e.getMessage());
                return BAD_INPUT;
            }
            if (e instanceof DivergenceException || e instanceof UncheckedIOException) {
                line.getErr().println("error: " + e.getMessage());
                return RUN_FAILED;
            }
            throw e;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
