package dev.overlap.experiment;

import dev.overlap.engine.InitialCondition;
import dev.overlap.engine.Numerics;
import dev.overlap.engine.RecordingGrid;
import dev.overlap.engine.TimeAxis;
import dev.overlap.exit.ExitRule;
import dev.overlap.problem.InputLaw;
import dev.overlap.problem.Loss;
import dev.overlap.problem.Problem;
import dev.overlap.problem.StandardActivation;
import dev.overlap.problem.Teacher;
import dev.overlap.problem.UpdateRule;
import dev.overlap.modelfile.ExitSpec;
import dev.overlap.modelfile.InitialSpec;
import dev.overlap.modelfile.Kinds;
import dev.overlap.modelfile.Matrix;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.modelfile.RunSpec;
import dev.overlap.modelfile.StudentSpec;
import dev.overlap.modelfile.TrainingSpec;

/**
 * The translation of a model file into the domain: the one place where the file's vocabulary
 * ({@link Kinds}) meets the types the engines use. Everything below {@code experiment} knows nothing
 * of model files.
 */
public final class Models {
    private Models() {
    }

    /** The physics: input law, update rule, field scale, learning rates, batch, constraint. */
    public static Problem problem(ModelSpec m) {
        StudentSpec student = m.student();
        TrainingSpec tr = m.training();
        int p = student.p();
        Loss loss = switch (tr.loss()) {
            case SQUARE -> Loss.square(tr.lossPrefactor());
            case LOGISTIC -> Loss.logistic(tr.lossPrefactor());
        };
        Teacher teacher = switch (m.teacher().target()) {
            case COMMITTEE -> Teacher.committee(activation(m.teacher().activation()), m.teacher().k());
            case XOR -> Teacher.xor();
        };
        double readout = student.readout() == Kinds.Readout.SUM ? 1.0 : 1.0 / p;
        // Mean-field: per-neuron gradients scaled by p, i.e. both learning rates times p.
        double rateScale = student.readout() == Kinds.Readout.MEAN_FIELD ? p : 1.0;
        UpdateRule rule = new UpdateRule(activation(student.activation()), readout, loss, teacher, m.teacher().noise());
        double s = student.preactivation() == Kinds.Preactivation.SCALED ? 1 / Math.sqrt(m.d()) : 1.0;
        InputLaw inputs = switch (m.inputs()) {
            case GAUSSIAN -> InputLaw.GAUSSIAN;
            case RADEMACHER -> InputLaw.rademacher(m.teacher().indices().stream().mapToInt(Integer::intValue).toArray());
        };
        double rateA = student.secondLayer() == Kinds.SecondLayer.TRAINED ? tr.secondLayerLearningRate() : 0;
        return new Problem(m.d(), p, inputs, rule, s, rateScale * tr.learningRate(), rateScale * rateA, tr.batch(),
                tr.spherical(), student.signalNeurons());
    }

    public static StandardActivation activation(Kinds.Activation kind) {
        return StandardActivation.valueOf(kind.name());
    }

    /** How the reduced engines compute (the run section's numerical settings). */
    public static Numerics numerics(ModelSpec m) {
        RunSpec r = m.run();
        Numerics.OdeReduction reduction = switch (r.odeReduction()) {
            case FULL -> Numerics.OdeReduction.FULL;
            case MEAN_FIELD -> Numerics.OdeReduction.MEAN_FIELD;
        };
        return new Numerics(r.qmcPoints(), r.sdeDt(), r.odeRelativeTolerance(), r.odeAbsoluteTolerance(), r.odeStep(),
                reduction, r.odeQuadraticTerms());
    }

    /** The initial condition (the seed is the trial's business). */
    public static InitialCondition initial(ModelSpec m) {
        InitialSpec in = m.initial();
        int p = m.student().p();
        double[] a = in.a().map(v -> v.stream().mapToDouble(Double::doubleValue).toArray()).orElse(null);
        return switch (in.kind()) {
            case RANDOM -> new InitialCondition.Random(a);
            case BALANCED -> new InitialCondition.Balanced(in.radius(p), in.secondLayerRatio());
            case OVERLAPS -> new InitialCondition.Overlaps(flat(in.m().orElseThrow()), flat(in.q().orElseThrow()), a);
        };
    }

    /** The exit section as a rule. */
    public static ExitRule exit(ExitSpec e) {
        ExitRule.Criterion criterion = switch (e.criterion()) {
            case RISK_DROP -> ExitRule.Criterion.RISK_DROP;
            case OVERLAP -> ExitRule.Criterion.OVERLAP;
            case ERROR -> ExitRule.Criterion.ERROR;
        };
        return new ExitRule(criterion, e.threshold(), e.stop());
    }

    /** The model's time axis. */
    public static TimeAxis time(ModelSpec m, Problem problem) {
        TimeAxis.Unit unit = switch (m.run().timeUnit()) {
            case NATURAL -> TimeAxis.Unit.NATURAL;
            case STEPS -> TimeAxis.Unit.STEPS;
            case SAMPLES -> TimeAxis.Unit.SAMPLES;
            case SAMPLES_PER_D -> TimeAxis.Unit.SAMPLES_PER_D;
        };
        return TimeAxis.of(unit, problem);
    }

    /** A fresh recording grid of the run section, for an axis whose first step is at {@code firstStepTime}. */
    public static RecordingGrid grid(ModelSpec m, double firstStepTime) {
        RunSpec r = m.run();
        return r.grid() == Kinds.Grid.LOG
                ? new RecordingGrid(RecordingGrid.Spacing.LOG, r.pointsPerDecade(), firstStepTime, r.tMax())
                : new RecordingGrid(RecordingGrid.Spacing.LINEAR, r.points(), firstStepTime, r.tMax());
    }

    private static double[] flat(Matrix x) {
        double[] out = new double[x.rows() * x.columns()];
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.columns(); j++) {
                out[i * x.columns() + j] = x.get(i, j);
            }
        }
        return out;
    }
}
