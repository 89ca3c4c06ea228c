package dev.overlap.cli;

import dev.overlap.engine.DivergenceException;
import dev.overlap.engine.EngineKind;
import dev.overlap.io.BuildInfo;
import dev.overlap.io.CorruptFileException;
import dev.overlap.modelfile.UsageException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code overlap} command. Exit codes: 0 success; 2 bad input (a {@link UsageException}, a file read back
 * that is not what overlap wrote ({@link CorruptFileException}) or a picocli parameter error: one line naming
 * the file or command line and the key or line); 1 a run that failed (diverged,
 * an I/O error: one line) or a bug (its stack trace, with every cause).
 */
@Command(name = "overlap", mixinStandardHelpOptions = true, versionProvider = OverlapCommand.Version.class,
        description = "Online SGD of two-layer networks and the reduced dynamics of their overlaps.",
        subcommands = {RunCommand.class, ExitTimesCommand.class, CompareCommand.class, TheoryCommand.class,
            BenchCommand.class, SampleComplexityCommand.class, ValidateCommand.class, PlotCommand.class, MergeCommand.class, SlurmCommand.class,
            picocli.AutoComplete.GenerateCompletion.class})
public final class OverlapCommand implements Runnable {
    public static final int BAD_INPUT = 2;

    /** "overlap VERSION (commit C)" from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"overlap " + BuildInfo.version() + " (commit " + BuildInfo.commit()
                    + (BuildInfo.dirty() ? ", with uncommitted changes" : "") + ")"};
        }
    }
    public static final int RUN_FAILED = 1;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new OverlapCommand());
        cl.registerConverter(EngineKind.class, new EngineKindConverter());
        cl.registerConverter(dev.overlap.experiment.MonteCarlo.Curves.class, new CurvesConverter());
        // run and exit-times take one dimension: their --d (the shared mixin's list) neither splits nor says it does
        for (String name : new String[] {"run", "exit-times"}) {
            CommandLine.Model.CommandSpec spec = cl.getSubcommands().get(name).getCommandSpec();
            CommandLine.Model.OptionSpec d = spec.findOption("--d");
            spec.remove(d);
            spec.addOption(CommandLine.Model.OptionSpec.builder(d).splitRegex("").paramLabel("N")
                    .description("Input dimension (overrides d).").build());
        }
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: command line: " + e.getMessage() + " (see " + failed.getCommandSpec().qualifiedName()
                    + " --help)");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof UsageException || e instanceof CorruptFileException) {
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
