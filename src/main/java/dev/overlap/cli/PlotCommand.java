package dev.overlap.cli;

import dev.overlap.experiment.OutputFolder;
import dev.overlap.report.CompareReport;
import dev.overlap.report.Figures;
import dev.overlap.modelfile.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Redraw every figure of a compare, sweep, sample-complexity or validate folder from its saved files "
                + "alone: a compare folder from compare.json, ode_reference.csv and each engine's exit_times.csv and "
                + "curves.csv.gz; the others from the <figure>.figure.json kept next to each figure.")
final class PlotCommand implements Callable<Integer> {
    @Mixin
    FigureOptions figures = new FigureOptions();

    @Parameters(index = "0", paramLabel = "DIR", description = "A folder written by compare, sample-complexity or validate.")
    Path dir;

    @Option(names = "--format", defaultValue = "png", paramLabel = "F",
            description = "png, svg or pdf (default: ${DEFAULT-VALUE}); svg and pdf are vector graphics.")
    String format;

    @Option(names = "--histogram", description = "Also draw a compare's exit-time histograms (exit_times_hist; the "
            + "ECDF shows the same samples without binning).")
    boolean histogram;

    @Override
    public Integer call() {
        CompareReport.Format f;
        try {
            f = CompareReport.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("command line: --format: expected png, svg or pdf, got '" + format + "'", e);
        }
        if (!Files.isDirectory(dir)) {
            throw new UsageException("command line: " + dir + ": no such folder");
        }
        List<Path> written = new ArrayList<>();
        try (OutputFolder folder = OutputFolder.open(dir)) {
            if (Files.isRegularFile(dir.resolve("compare.json"))) {
                written.addAll(CompareReport.figures(dir, f, histogram, figures.size));
            }
            written.addAll(Figures.redrawKept(dir, f.name().toLowerCase(Locale.ROOT), figures.size));
        }
        if (written.isEmpty()) {
            throw new UsageException("command line: " + dir + ": no figure to redraw (neither compare.json nor a "
                    + "*" + Figures.DATA_SUFFIX + " file): is it a folder written by compare, sample-complexity or validate?");
        }
        written.forEach(p -> System.out.println("wrote " + p));
        return 0;
    }
}
