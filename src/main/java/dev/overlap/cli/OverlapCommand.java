package dev.overlap.cli;

import dev.overlap.engine.DivergenceException;
import dev.overlap.engine.EngineKind;
import dev.overlap.spec.UsageException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code overlap} command. Exit codes: 0 success; 2 bad input (a {@link UsageException} or a picocli
 * parameter error: one line naming the file or command line and the key); 1 a run that failed (diverged,
 * an I/O error: one line) or a bug (its stack trace, with every cause).
 */
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
        cl.registerConverter(EngineKind.class, new EngineKindConverter());
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: command line: " + e.getMessage() + " (see " + failed.getCommandSpec().qualifiedName()
                    + " --help)");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof UsageException) {
                // one line, even when a parser's message spans several
                line.getErr().println("error: " + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
                return BAD_INPUT;
            }
            if (e instanceof DivergenceException || e instanceof UncheckedIOException) {
                line.getErr().println("error: " + e.getMessage());
                return RUN_FAILED;
            }
            line.getErr().println("internal error (please report it with the command line): " + e);
            e.printStackTrace(line.getErr());
            return RUN_FAILED;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
