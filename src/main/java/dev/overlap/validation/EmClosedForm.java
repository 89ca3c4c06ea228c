package dev.overlap.validation;

import dev.overlap.theory.ClosedForm;
import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Observer;
import dev.overlap.experiment.Trial;
import dev.overlap.report.Figure;
import dev.overlap.report.Figures;
import dev.overlap.modelfile.ModelSpec;
import java.util.List;
import java.util.Map;

/** [EM] p = 1: the ODE reproduces {@link ClosedForm#phaseRetrievalExit} for several γ, m₀ and Δ. */
final class EmClosedForm implements Claim {
    /** (γ, m₀, Δ) cases. */
    private static final double[][] CASES = {{0.1, 0.0185, 1e-4}, {0.05, 0.001, 0}, {0.01, 0.2, 0.5}, {0.15, 0.03, 1e-2},
            {0.08, 0.01, 1e-3}};
    private static final double TOLERANCE = 1e-8;

    @Override
    public String id() {
        return "em-closed-form";
    }

    @Override
    public String statement() {
        return "At p = 1 the ODE exit time equals the closed-form solution of the logistic equation for m².";
    }

    @Override
    public String falsifier() {
        return "the ODE without its γ·E[GGᵀ] term (run.ode-quadratic: false, gradient flow): its exit time is no longer the logistic solution with rate 4(1 − 6γ) − 2γΔ";
    }

    @Override
    public Map<String, String> falsifierOverrides() {
        return Falsifiers.NO_QUADRATIC_TERM;
    }

    @Override
    public String source() {
        return "[EM] §3 (p = 1 phase retrieval); docs/theory.md §7";
    }

    @Override
    public Verdict check(Context c) {
        double worst = 0;
        double[] expected = new double[CASES.length];
        double[] measured = new double[CASES.length];
        StringBuilder table = new StringBuilder("| γ | m₀ | Δ | closed form | ODE | relative error |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < CASES.length; i++) {
            double gamma = CASES[i][0];
            double m0 = CASES[i][1];
            double noise = CASES[i][2];
            ModelSpec spec = c.model("model.yaml", Map.of("training.learning-rate", Double.toString(gamma),
                    "initial.M", "[[" + m0 + "]]", "teacher.noise", Double.toString(noise)));
            expected[i] = ClosedForm.phaseRetrievalExit(gamma, noise, m0, spec.exit().threshold());
            measured[i] = Trial.of(spec, EngineKind.ODE).runOnce(Observer.NONE).exitTime().orElse(Double.NaN);
            double rel = Math.abs(measured[i] - expected[i]) / expected[i];
            worst = Double.isNaN(rel) ? Double.POSITIVE_INFINITY : Math.max(worst, rel);
            table.append(String.format("| %g | %g | %g | %.10f | %.10f | %.1e |%n", gamma, m0, noise, expected[i],
                    measured[i], rel));
        }
        double max = java.util.Arrays.stream(expected).max().orElse(1);
        c.keep("closed_form.png", new Figure.PointsPlot("p = 1 ODE exit time against the closed form",
                "closed-form t* (natural time t = steps·γ/(p·d))", "ODE t_exit (natural time)",
                List.of(new Figures.Points("ODE", expected, measured, new double[expected.length])),
                Map.of("y = x", new Figures.Curve(new double[] {0, max}, new double[] {0, max})), false));
        return new Verdict(worst <= TOLERANCE, String.format("max relative error %.1e over %d cases", worst, CASES.length),
                "1e-8 relative (integrator rtol 1e-10, events to 1e-13)", List.of("closed_form.png"),
                "Phase retrieval at p = 1 (spherical, square loss), exit when R falls to 0.99 R(0); the ODE is "
                        + "integrated by Dormand–Prince with the exit located as an integrator event.\n\n" + table);
    }
}
