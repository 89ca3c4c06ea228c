package dev.overlap.cli;

import dev.overlap.experiment.OutputFolder;
import dev.overlap.report.CompareReport;
import dev.overlap.spec.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Redraw the figures of a compare folder from its saved files alone (compare.json, ode_reference.csv, "
                + "each engine's exit_times.csv and curves.csv.gz).")
final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "A folder written by overlap compare.")
    Path dir;

    @Option(names = "--format", defaultValue = "png", paramLabel = "F",
            description = "png, svg or pdf (default: ${DEFAULT-VALUE}); svg and pdf are vector graphics.")
    String format;

    @Override
    public Integer call() {
        CompareReport.Format f;
        try {
            f = CompareReport.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("command line: --format: expected png, svg or pdf, got '" + format + "'", e);
        }
        if (!Files.isRegularFile(dir.resolve("compare.json"))) {
            throw new UsageException("command line: " + dir + ": not a compare folder (no compare.json); plot redraws "
                    + "compare folders");
        }
        List<Path> written;
        try (OutputFolder folder = OutputFolder.open(dir)) {
            written = CompareReport.figures(dir, f);
        }
        written.forEach(p -> System.out.println("wrote " + p));
        return 0;
    }
}
