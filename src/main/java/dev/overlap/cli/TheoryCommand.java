package dev.overlap.cli;

import dev.overlap.experiment.OutputFolder;
import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.Theory;
import dev.overlap.experiment.Trial;
import dev.overlap.theory.NoMediocrityException;
import dev.overlap.io.CsvTable;
import dev.overlap.report.Figure;
import dev.overlap.report.Figures;
import dev.overlap.theory.ExitTimeLaw;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.modelfile.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "theory", mixinStandardHelpOptions = true,
        description = "Linearised escape rate at mediocrity and predicted exit times across d; writes theory.csv.")
final class TheoryCommand implements Callable<Integer> {
    @Mixin
    FigureOptions figures = new FigureOptions();

    @Mixin
    ModelOptions options;

    @Option(names = "--dims", split = ",", paramLabel = "D", defaultValue = "1e3,1e4,1e5,1e6",
            description = "Dimensions, e.g. 1e3,1e4 (default: ${DEFAULT-VALUE}).")
    List<Double> dims;

    @Option(names = "--samples", defaultValue = "200",
            description = "Draws of the effective initial condition per d, for its quantiles (the mean is a quadrature "
                    + "when p·k = 1) (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: out/<model name>/theory).")
    Path out;

    @Override
    public Integer call() {
        if (options.d != null) {
            // --d names the dimensions to predict at, like --dims (the model's own d is not used)
            dims = options.d.stream().map(Integer::doubleValue).toList();
            options.d = null;
        }
        ModelSpec model = options.load();
        List<Integer> ds = new ArrayList<>();
        for (double d : dims) {
            if (d != Math.rint(d) || d < 1 || d > Integer.MAX_VALUE) {
                throw new UsageException("command line: --dims: " + d + " is not a dimension");
            }
            ds.add((int) d);
        }
        if (samples < 1) {
            throw new UsageException("command line: --samples: must be at least 1, got " + samples);
        }
        int smallest = model.student().p() + model.teacher().k();
        for (int d : ds) {
            if (d < smallest) {
                throw new UsageException("command line: --dims: " + d + " is below p + k = " + smallest);
            }
        }
        Trial trial = Trial.of(model, EngineKind.ODE);
        Path dir = out != null ? out : Path.of("out", model.name(), "theory");
        try (OutputFolder folder = OutputFolder.open(dir)) {
            List<Theory.Prediction> rows;
            try {
                rows = Theory.predict(model, ds, samples);
            } catch (NoMediocrityException e) {
                throw new UsageException(options.model + ": theory does not apply: " + e.getMessage(), e);
            }
            String unit = trial.time().definition();
            Theory.Prediction first = rows.get(0);
            System.out.printf("%s: escape rate lambda = %.10g per unit natural time (largest eigenvalue of d(dM/dt)/dM at M = 0)%n",
                    model.name(), first.lambda());
            System.out.printf("increment variance at mediocrity s^2 = Var[G_j nu_r] = %s per sample (one step moves M_jr by "
                    + "-eta G_j nu_r, eta = gamma/d for scaled preactivations, so Var[dM] = eta^2 s^2 per step)%n",
                    numbers(first.incrementVar()));
            System.out.println("times in " + unit + "; exit: " + trial.exitDefinition());
            System.out.println("c: ode(1/sqrt d) - ln(d)/(2 lambda); |m0|, sigma_eff: overlaps (dimensionless); eff: ODE exit time "
                    + "from m0 + Sigma^(1/2) Z at the true R(0)'s exit level (Sigma: " + first.covariance() + "; mean: "
                    + first.effMeanMethod() + "; quantiles: " + first.samples() + " draws); samples n: SGD samples "
                    + "(steps x batch) at the eff mean");
            if (first.lambda() <= 0) {
                System.out.println("lambda <= 0: M = 0 is linearly stable, so the ODE started near mediocrity never escapes and "
                        + "the predicted exit times are infinite. The gamma*E[G G^T] term of the drift outweighs the signal: "
                        + "lower training.learning-rate (for p = 1 phase retrieval escape needs gamma < 1/6 as Delta -> 0).");
            }
            System.out.printf("%10s %12s %12s %10s %10s %12s %10s %12s %9s %12s %12s %8s %12s%n", "d", "ln(d)/2lam",
                    "ode(1/sqrt d)", "c", "|m0|", "ode(m0)", "sigma_eff", "eff mean", "+-", "eff median", "eff 5-95%", "no exit",
                    "samples n");
            List<List<String>> csv = new ArrayList<>();
            for (Theory.Prediction r : rows) {
                System.out.printf("%10d %12.5g %12.5g %10.4g %10.4g %12.5g %10.4g %12.5g %9.2g %12.5g %5.4g-%-6.4g %8d %12.4g%n",
                        r.d(), r.leading(), r.odeFromScale(), r.offset(), r.m0(), r.odeFromStart(), r.sigmaEff(), r.effMean(),
                        r.effMeanError(), r.quantiles()[2], r.quantiles()[0], r.quantiles()[4], r.notEscaped(), r.effMean() * r.samplesPerUnit());
                List<String> row = new ArrayList<>(List.of(Integer.toString(r.d()), str(r.lambda()), str(r.leading()),
                        str(r.odeFromScale()), str(r.offset()), str(r.m0()), str(r.odeFromStart()), str(r.sigmaEff()),
                        str(r.effMean()), str(r.effMeanError())));
                for (double q : r.quantiles()) {
                    row.add(str(q));
                }
                row.add(Integer.toString(r.notEscaped()));
                row.add(Integer.toString(r.samples()));
                row.add(str(r.effMean() * r.samplesPerUnit()));
                row.add(str(r.odeFromStart() * r.samplesPerUnit()));
                csv.add(row);
            }
            printKolmogorov(rows, csv, dir, unit);
            CsvTable.write(dir.resolve("theory.csv"), List.of("d", "lambda", "leading_ln_d_over_2lambda", "ode_exit_from_inv_sqrt_d",
                    "offset_c", "max_abs_m0", "ode_exit_from_m0", "sigma_eff", "eff_mean", "eff_mean_error", "eff_q05", "eff_q25", "eff_q50",
                    "eff_q75", "eff_q95", "eff_not_escaped", "eff_samples", "samples_eff_mean", "samples_ode_from_m0",
                    "kolmogorov_mean", "kolmogorov_mean_error", "kolmogorov_sd", "kolmogorov_q05", "kolmogorov_q25",
                    "kolmogorov_q50", "kolmogorov_q75", "kolmogorov_q95", "kolmogorov_quantile_error"), csv);
            System.out.println("wrote " + dir.resolve("theory.csv"));
            return 0;
        }
    }

    /**
     * Prints the Kolmogorov law per d (or why there is none), adds its columns to each csv row (empty where it does not
     * apply) and keeps the survival curves as a figure.
     */
    private void printKolmogorov(List<Theory.Prediction> rows, List<List<String>> csv, Path dir, String unit) {
        Theory.Kolmogorov first = rows.get(0).kolmogorov();
        if (first.law().isEmpty()) {
            System.out.println("Kolmogorov law: not computed (" + first.scope() + ")");
        } else {
            System.out.println("Kolmogorov law: the exit time of the reduced diffusion from m0, exactly (no Monte Carlo), from "
                    + "its backward Kolmogorov equation; +- and q err: change on half the grid and time steps; "
                    + first.law().get().method());
            System.out.printf("%10s %12s %9s %10s %10s %10s %10s %9s%n", "d", "kol mean", "+-", "kol sd", "kol q05",
                    "kol q50", "kol q95", "q err");
        }
        Map<String, Figures.Curve> survival = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Theory.Prediction r = rows.get(i);
            Optional<ExitTimeLaw> law = r.kolmogorov().law();
            List<String> row = csv.get(i);
            if (law.isEmpty()) {
                for (int c = 0; c < 9; c++) {
                    row.add("");
                }
                continue;
            }
            ExitTimeLaw l = law.get();
            double[] q = l.quantiles();
            System.out.printf("%10d %12.6g %9.2g %10.5g %10.5g %10.5g %10.5g %9.2g%n", r.d(), l.mean(), l.meanError(), l.sd(),
                    q[0], q[2], q[4], l.quantileError());
            row.addAll(List.of(str(l.mean()), str(l.meanError()), str(l.sd())));
            for (double v : q) {
                row.add(str(v));
            }
            row.add(str(l.quantileError()));
            survival.put("d = " + r.d(), new Figures.Curve(l.times(), l.survival()));
        }
        if (!survival.isEmpty()) {
            Figures.keep(dir.resolve("kolmogorov_survival.png"), new Figure.PointsPlot("Exit-time survival of the reduced "
                    + "diffusion (backward Kolmogorov equation)", "exit time (" + unit + ")", "P(exit time > t)", List.of(),
                    survival, false), figures.size);
            System.out.println("kept " + dir.resolve("kolmogorov_survival.png"));
        }
    }

    /** One number as a number; several (one per M entry, p·k) as a comma-separated list. */
    static String numbers(double[] x) {
        return Arrays.stream(x).mapToObj(v -> String.format("%.6g", v)).collect(java.util.stream.Collectors.joining(", "));
    }

    private static String str(double x) {
        return Double.toString(x);
    }
}
