package dev.overlap.cli;

import dev.overlap.experiment.OutputFolder;
import dev.overlap.modelfile.UsageException;
import dev.overlap.validation.Claim;
import dev.overlap.validation.Claims;
import dev.overlap.validation.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Reproduce the papers' claims (validation/<claim>/): write report.md, validation.json and the "
                + "figures. Exit code 0 if every claim passes (with --falsify: if every claim fails on its falsifier), 3 "
                + "if not, 1 if a measurement stopped with an error, 2 on bad input.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    FigureOptions figures = new FigureOptions();

    /** Every claim was measured and at least one FAILs (1: a measurement stopped with an error; 2: bad input). */
    static final int CLAIM_FAILED = 3;

    @Option(names = "--quick", description = "Reduced sizes (fewer seeds, smaller d): about 14 minutes on 2 cores.")
    boolean quick;

    @Option(names = "--falsify", description = "Run every claim on its falsifier (a variant that breaks the mechanism the "
            + "claim is about): every claim must FAIL there. Exit code 0 if all fail, 3 if one passes (it has no power).")
    boolean falsify;

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "Run only these claims, e.g. --only em-closed-form,xor-reduced.")
    List<String> only;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: out/validate or out/validate-quick).")
    Path out;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "validation",
            description = "The folder of claims with their model files (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--threads", paramLabel = "K", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--resume", description = "Continue a claim's interrupted Monte Carlo experiments instead of "
            + "restarting them (finished claims with identical inputs are always reused).")
    boolean resume;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("command line: --dir: " + dir.toAbsolutePath() + " is not a folder of claims (run from "
                    + "the project root or pass --dir)");
        }
        List<Claim> claims = Claims.select(only);
        Path target = out != null ? out : Path.of("out", (quick ? "validate-quick" : "validate") + (falsify ? "-falsify" : ""));
        int k = Threads.resolve(threads);
        List<Validation.Row> rows;
        try (OutputFolder folder = OutputFolder.open(target)) {
            rows = Validation.run(claims, dir, target, quick, k, resume, falsify, figures.size);
            Validation.writeReports(rows, target, quick, falsify);
        }
        System.out.println();
        for (Validation.Row r : rows) {
            String result = falsify ? (r.verdict().pass() ? "PASS (no power!)" : "FAIL (as it must)")
                    : r.verdict().pass() ? "PASS" : "FAIL";
            System.out.printf("%-32s %s  %s  (%.0f s%s)%n", r.claim().id(), result, r.verdict().measured(), r.wallSeconds(),
                    r.cached() ? ", cached" : "");
        }
        long failed = rows.stream().filter(r -> !r.verdict().pass()).count();
        if (falsify) {
            System.out.printf("%n%d of %d claims FAIL on their falsifier, as they must; wrote %s and %s%n", failed, rows.size(),
                    target.resolve("report.md"), target.resolve("validation.json"));
        } else {
            System.out.printf("%n%d of %d claims pass; wrote %s and %s%n", rows.size() - failed, rows.size(),
                    target.resolve("report.md"), target.resolve("validation.json"));
        }
        if (rows.stream().anyMatch(Validation.Row::error)) {
            return OverlapCommand.RUN_FAILED;
        }
        if (falsify) {
            return failed == rows.size() ? 0 : CLAIM_FAILED;
        }
        return failed == 0 ? 0 : CLAIM_FAILED;
    }
}
