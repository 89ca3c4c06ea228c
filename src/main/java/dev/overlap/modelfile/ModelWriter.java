package dev.overlap.modelfile;

import java.util.LinkedHashMap;
import java.util.Map;

/** The resolved model as the nested key → value map of the model file, every default written out. */
public final class ModelWriter {
    private ModelWriter() {
    }

    public static Map<String, Object> toTree(ModelSpec m) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("name", m.name());
        top.put("inputs", Choice.name(m.inputs()));
        top.put("d", m.d());

        Map<String, Object> t = new LinkedHashMap<>();
        t.put("target", Choice.name(m.teacher().target()));
        t.put("k", m.teacher().k());
        t.put("activation", Choice.name(m.teacher().activation()));
        t.put("noise", m.teacher().noise());
        t.put("indices", m.teacher().indices());
        top.put("teacher", t);

        Map<String, Object> s = new LinkedHashMap<>();
        s.put("p", m.student().p());
        s.put("activation", Choice.name(m.student().activation()));
        s.put("readout", Choice.name(m.student().readout()));
        s.put("second-layer", Choice.name(m.student().secondLayer()));
        s.put("preactivation", Choice.name(m.student().preactivation()));
        if (m.student().signalNeurons() < m.student().p()) { // written only for an ablation: other files unchanged
            s.put("signal-neurons", m.student().signalNeurons());
        }
        top.put("student", s);

        TrainingSpec tr = m.training();
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("loss", Choice.name(tr.loss()));
        training.put("loss-prefactor", tr.lossPrefactor());
        training.put("learning-rate", tr.learningRate());
        training.put("second-layer-learning-rate", tr.secondLayerLearningRate());
        training.put("batch", tr.batch());
        training.put("spherical", tr.spherical());
        top.put("training", training);

        InitialSpec in = m.initial();
        Map<String, Object> initial = new LinkedHashMap<>();
        initial.put("kind", Choice.name(in.kind()));
        initial.put("seed", in.seed());
        in.m().ifPresent(x -> initial.put("M", x.toArray()));
        in.q().ifPresent(x -> initial.put("Q", x.toArray()));
        in.a().ifPresent(x -> initial.put("a", x));
        initial.put("scale", in.scale());
        initial.put("radius", Choice.name(in.radius()));
        if (in.secondLayerRatio() != 1) {
            initial.put("second-layer-ratio", in.secondLayerRatio());
        }
        top.put("initial", initial);

        Map<String, Object> exit = new LinkedHashMap<>();
        exit.put("criterion", Choice.name(m.exit().criterion()));
        exit.put("threshold", m.exit().threshold());
        exit.put("stop", m.exit().stop());
        exit.put("target-error", m.exit().targetError());
        top.put("exit", exit);

        Map<String, Object> observe = new LinkedHashMap<>();
        observe.put("signal-heavy-ratio", m.observe().signalHeavyRatio());
        observe.put("test-set", m.observe().testSet());
        observe.put("test-seed", m.observe().testSeed());
        top.put("observe", observe);

        RunSpec r = m.run();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("t-max", r.tMax());
        run.put("time-unit", Choice.name(r.timeUnit()));
        run.put("seeds", r.seeds());
        run.put("sde-dt", r.sdeDt());
        run.put("seed", r.seed());
        run.put("grid", Choice.name(r.grid()));
        run.put("points-per-decade", r.pointsPerDecade());
        run.put("points", r.points());
        run.put("ode-rtol", r.odeRelativeTolerance());
        run.put("ode-atol", r.odeAbsoluteTolerance());
        run.put("ode-quadratic", r.odeQuadraticTerms());
        run.put("qmc-points", r.qmcPoints());
        run.put("ode-step", r.odeStep());
        run.put("ode-reduction", Choice.name(r.odeReduction()));
        top.put("run", run);
        return top;
    }
}
