package dev.overlap.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.overlap.spec.Kinds.Activation;
import dev.overlap.spec.Kinds.ExitCriterion;
import dev.overlap.spec.Kinds.Grid;
import dev.overlap.spec.Kinds.Initial;
import dev.overlap.spec.Kinds.InputLaw;
import dev.overlap.spec.Kinds.Loss;
import dev.overlap.spec.Kinds.Preactivation;
import dev.overlap.spec.Kinds.Radius;
import dev.overlap.spec.Kinds.Readout;
import dev.overlap.spec.Kinds.SecondLayer;
import dev.overlap.spec.Kinds.Target;
import dev.overlap.spec.Kinds.TimeUnit;
import java.io.IOException;
import java.util.Arrays;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Reads a model file into a {@link ModelSpec}: fills every default, applies command-line
 * overrides (dotted key paths such as {@code d} or {@code run.t-max}), and validates each field
 * and the relations between fields. Every failure is a {@link SpecException} of one line.
 */
public final class ModelLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Tolerance of the positive semi-definiteness check of Ω = [[Q, M], [Mᵀ, P]]. */
    private static final double PSD_TOLERANCE = 1e-12;

    private ModelLoader() {
    }

    public static ModelSpec load(Path file) {
        return load(file, Map.of());
    }

    /** Loads {@code file}; {@code overrides} maps key paths to values written as on the command line. */
    public static ModelSpec load(Path file, Map<String, String> overrides) {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(label + ": no such file", e);
        } catch (IOException e) {
            throw new SpecException(label + ": cannot read: " + e.getMessage(), e);
        }
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return parse(label, base, text, overrides);
    }

    /** Parses model-file text; {@code label} names it in errors and {@code defaultName} fills {@code name}. */
    public static ModelSpec parse(String label, String defaultName, String text, Map<String, String> overrides) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new SpecException(label + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            throw new SpecException(label + ": top level: expected a mapping of keys");
        }
        ObjectNode tree = ((ObjectNode) root).deepCopy();
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            put(tree, o.getKey(), o.getValue());
        }
        ModelSpec spec = read(new Section(label, "", tree, overrides.keySet(), new HashMap<>()), defaultName);
        validate(label, spec, overrides.keySet());
        return spec;
    }

    private static void put(ObjectNode tree, String path, String value) {
        String[] keys = path.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = node.get(keys[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(keys[i]);
            }
            node = (ObjectNode) child;
        }
        JsonNode scalar;
        try {
            scalar = YAML.readTree(value);
        } catch (JsonProcessingException e) {
            scalar = JsonNodeFactory.instance.textNode(value);
        }
        node.set(keys[keys.length - 1], scalar == null ? JsonNodeFactory.instance.textNode(value) : scalar);
    }

    private static ModelSpec read(Section top, String defaultName) {
        String name = top.string("name", defaultName);
        InputLaw inputs = top.choice("inputs", InputLaw.class, InputLaw.GAUSSIAN);
        int d = top.intValue("d", null);
        top.define("d", d);

        Section t = top.section("teacher");
        Target target = t.choice("target", Target.class, Target.COMMITTEE);
        int k = t.intValue("k", target == Target.XOR ? 2 : 1);
        Activation teacherActivation = t.choice("activation", Activation.class,
                target == Target.XOR ? Activation.LINEAR : null);
        double noise = t.number("noise", 0.0);
        List<Integer> indices = t.vector("indices").map(v -> v.stream().map(x -> (int) Math.round(x)).toList())
                .orElse(IntStream.range(0, Math.max(k, 0)).boxed().toList());
        t.finish();
        TeacherSpec teacher = new TeacherSpec(target, k, teacherActivation, noise, indices);

        Section s = top.section("student");
        StudentSpec student = new StudentSpec(
                top.defined("p", s.intValue("p", null)),
                s.choice("activation", Activation.class, null),
                s.choice("readout", Readout.class, Readout.MEAN),
                s.choice("second-layer", SecondLayer.class, SecondLayer.FIXED),
                s.choice("preactivation", Preactivation.class, Preactivation.SCALED));
        s.finish();

        Section tr = top.section("training");
        Loss loss = tr.choice("loss", Loss.class, Loss.SQUARE);
        double prefactor = tr.number("loss-prefactor", 1.0);
        double gamma = tr.number("learning-rate", null);
        TrainingSpec training = new TrainingSpec(loss, prefactor, gamma,
                tr.number("second-layer-learning-rate", gamma),
                tr.intValue("batch", 1),
                tr.bool("spherical", false));
        tr.finish();

        Section in = top.section("initial");
        Initial kind = in.choice("kind", Initial.class, Initial.RANDOM);
        InitialSpec initial = new InitialSpec(kind, in.integer("seed", 0L), in.matrix("M"), in.matrix("Q"),
                in.vector("a"), in.number("scale", kind == Initial.BALANCED ? null : 1.0),
                in.choice("radius", Radius.class, Radius.SCALE));
        in.finish();

        Section ex = top.section("exit");
        ExitCriterion criterion = ex.choice("criterion", ExitCriterion.class, ExitCriterion.RISK_DROP);
        ExitSpec exit = new ExitSpec(criterion, ex.number("threshold", defaultThreshold(criterion)), ex.bool("stop", false),
                ex.number("target-error", 0.05));
        ex.finish();

        Section ob = top.section("observe");
        ObserveSpec observe = new ObserveSpec(ob.number("signal-heavy-ratio", 1.0), ob.intValue("test-set", 2000),
                ob.integer("test-seed", 7L));
        ob.finish();

        Section r = top.section("run");
        RunSpec run = new RunSpec(
                r.number("t-max", null),
                r.choice("time-unit", TimeUnit.class, TimeUnit.NATURAL),
                r.intValue("seeds", 100),
                r.number("sde-dt", 1e-3),
                r.integer("seed", 1L),
                r.choice("grid", Grid.class, Grid.LOG),
                r.intValue("points-per-decade", 100),
                r.intValue("points", 200),
                r.number("ode-rtol", 1e-10),
                r.number("ode-atol", 1e-14),
                r.bool("ode-quadratic", true),
                r.intValue("qmc-points", RunSpec.DEFAULT_QMC_POINTS),
                r.number("ode-step", 0.0),
                r.choice("ode-reduction", Kinds.OdeReduction.class, Kinds.OdeReduction.FULL));
        r.finish();
        top.finish();
        return new ModelSpec(name, inputs, d, teacher, student, training, initial, exit, observe, run);
    }

    private static double defaultThreshold(ExitCriterion criterion) {
        return switch (criterion) {
            case RISK_DROP -> 0.01;
            case OVERLAP -> 0.5;
            case ERROR -> 0.25;
        };
    }

    private static void validate(String label, ModelSpec m, Set<String> overridden) {
        Check c = new Check(label, overridden);
        int p = m.student().p();
        int k = m.teacher().k();
        c.require(p >= 1, "student.p", "must be at least 1, got " + p);
        c.require(k >= 1, "teacher.k", "must be at least 1, got " + k);
        c.require(m.d() >= p + k, "d", "must be at least p + k = " + (p + k) + " (student.p + teacher.k), got " + m.d());
        c.require(m.teacher().target() != Target.XOR || k == 2, "teacher.k", "target xor needs k = 2, got " + k);
        c.require(m.teacher().noise() >= 0, "teacher.noise", "label-noise variance must be >= 0, got " + m.teacher().noise());
        List<Integer> idx = m.teacher().indices();
        c.require(idx.size() == k, "teacher.indices", "needs k = " + k + " entries, got " + idx.size());
        c.require(idx.stream().allMatch(i -> i >= 0 && i < m.d()), "teacher.indices", "entries must lie in 0.." + (m.d() - 1));
        c.require(idx.stream().distinct().count() == idx.size(), "teacher.indices", "entries must be distinct");

        TrainingSpec tr = m.training();
        c.require(tr.learningRate() > 0, "training.learning-rate", "must be > 0, got " + tr.learningRate());
        c.require(tr.secondLayerLearningRate() >= 0, "training.second-layer-learning-rate",
                "must be >= 0, got " + tr.secondLayerLearningRate());
        c.require(tr.batch() >= 1, "training.batch", "must be at least 1, got " + tr.batch());
        c.require(tr.lossPrefactor() > 0, "training.loss-prefactor", "must be > 0, got " + tr.lossPrefactor());

        InitialSpec in = m.initial();
        in.a().ifPresent(a -> c.require(a.size() == p, "initial.a", "needs p = " + p + " entries, got " + a.size()));
        if (in.kind() == Initial.BALANCED) {
            c.require(in.scale() > 0, "initial.scale", "must be > 0, got " + in.scale());
        }
        if (in.kind() == Initial.OVERLAPS) {
            validateOverlaps(c, in, p, k, tr.spherical());
        } else {
            c.require(in.m().isEmpty(), "initial.M", "is only used with kind: overlaps");
            c.require(in.q().isEmpty(), "initial.Q", "is only used with kind: overlaps");
        }

        ExitSpec ex = m.exit();
        double th = ex.threshold();
        switch (ex.criterion()) {
            case RISK_DROP -> c.require(th > 0 && th < 1, "exit.threshold", "risk-drop fraction must lie in (0, 1), got " + th);
            case OVERLAP -> c.require(th > 0, "exit.threshold", "overlap level must be > 0, got " + th);
            case ERROR -> c.require(th > 0 && th < 1, "exit.threshold", "test error must lie in (0, 1), got " + th);
        }
        c.require(ex.criterion() != ExitCriterion.ERROR || tr.loss() == Loss.LOGISTIC || m.teacher().target() == Target.XOR,
                "exit.criterion", "error needs labels +-1 (training.loss: logistic or teacher.target: xor)");

        c.require(ex.targetError() > 0 && ex.targetError() < 1, "exit.target-error",
                "test error must lie in (0, 1), got " + ex.targetError());
        ObserveSpec ob = m.observe();
        c.require(ob.signalHeavyRatio() > 0, "observe.signal-heavy-ratio", "must be > 0, got " + ob.signalHeavyRatio());
        c.require(ob.testSet() >= 1, "observe.test-set", "must be at least 1, got " + ob.testSet());

        RunSpec r = m.run();
        c.require(r.tMax() > 0, "run.t-max", "must be > 0, got " + r.tMax());
        c.require(r.seeds() >= 1, "run.seeds", "must be at least 1, got " + r.seeds());
        c.require(r.sdeDt() > 0, "run.sde-dt", "must be > 0, got " + r.sdeDt());
        c.require(r.pointsPerDecade() >= 1, "run.points-per-decade", "must be at least 1, got " + r.pointsPerDecade());
        c.require(r.points() >= 1, "run.points", "must be at least 1, got " + r.points());
        c.require(r.odeRelativeTolerance() > 0, "run.ode-rtol", "must be > 0, got " + r.odeRelativeTolerance());
        c.require(r.qmcPoints() >= 64, "run.qmc-points", "must be at least 64, got " + r.qmcPoints());
        c.require(r.odeStep() >= 0 && r.odeStep() < r.tMax(), "run.ode-step",
                "must be >= 0 (0: adaptive) and below run.t-max, got " + r.odeStep());
        c.require(r.odeAbsoluteTolerance() > 0, "run.ode-atol", "must be > 0, got " + r.odeAbsoluteTolerance());
        c.require(r.odeReduction() != Kinds.OdeReduction.MEAN_FIELD || !tr.spherical(), "run.ode-reduction",
                "mean-field needs an unconstrained student (training.spherical: false)");
    }

    private static void validateOverlaps(Check c, InitialSpec in, int p, int k, boolean spherical) {
        Matrix mm = in.m().orElseThrow(() -> c.error("initial.M", "required with kind: overlaps (a " + p + "x" + k + " matrix)"));
        Matrix qq = in.q().orElseThrow(() -> c.error("initial.Q", "required with kind: overlaps (a " + p + "x" + p + " matrix)"));
        c.require(mm.rows() == p && mm.columns() == k, "initial.M",
                "must be p x k = " + p + "x" + k + ", got " + mm.rows() + "x" + mm.columns());
        c.require(qq.rows() == p && qq.columns() == p, "initial.Q",
                "must be p x p = " + p + "x" + p + ", got " + qq.rows() + "x" + qq.columns());
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                c.require(Math.abs(qq.get(i, j) - qq.get(j, i)) <= 1e-12 * (1 + Math.abs(qq.get(i, j))), "initial.Q",
                        "must be symmetric: Q[" + i + "][" + j + "] != Q[" + j + "][" + i + "]");
            }
            if (spherical) {
                c.require(Math.abs(qq.get(i, i) - 1) <= 1e-12, "initial.Q",
                        "diagonal must be 1 with training.spherical: true, got Q[" + i + "][" + i + "] = " + qq.get(i, i));
            }
        }
        // Ω = [[Q, M], [Mᵀ, I]] is PSD iff its Schur complement Q − M Mᵀ is.
        RealMatrix m = MatrixUtils.createRealMatrix(mm.toArray());
        RealMatrix schur = MatrixUtils.createRealMatrix(qq.toArray()).subtract(m.multiply(m.transpose()));
        double[] eig = new EigenDecomposition(schur.add(schur.transpose()).scalarMultiply(0.5)).getRealEigenvalues();
        double min = Arrays.stream(eig).min().orElse(0);
        c.require(min >= -PSD_TOLERANCE, "initial.Q",
                "with M and P = I the overlap matrix [[Q, M], [M^T, P]] is not positive semi-definite (Q - M M^T has eigenvalue "
                        + min + ")");
    }

    /** Collects the first failed requirement as a one-line error. */
    private record Check(String label, Set<String> overridden) {
        void require(boolean ok, String path, String message) {
            if (!ok) {
                throw error(path, message);
            }
        }

        SpecException error(String path, String message) {
            return Section.error(label, overridden, path, message);
        }
    }
}
