package dev.overlap.modelfile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.overlap.modelfile.Kinds.Activation;
import dev.overlap.modelfile.Kinds.ExitCriterion;
import dev.overlap.modelfile.Kinds.Grid;
import dev.overlap.modelfile.Kinds.Initial;
import dev.overlap.modelfile.Kinds.InputLaw;
import dev.overlap.modelfile.Kinds.Loss;
import dev.overlap.modelfile.Kinds.Preactivation;
import dev.overlap.modelfile.Kinds.Radius;
import dev.overlap.modelfile.Kinds.Readout;
import dev.overlap.modelfile.Kinds.SecondLayer;
import dev.overlap.modelfile.Kinds.Target;
import dev.overlap.modelfile.Kinds.TimeUnit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
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
    /** Strict: a key written twice in one mapping is an error, not a silent replacement. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** Model files are small; a larger file is not one (and /dev/zero must not fill the heap). */
    static final int MAX_BYTES = 1 << 20;
    /** A key path of --set: words of letters, digits and dashes joined by dots. */
    private static final Pattern KEY_PATH = Pattern.compile("[A-Za-z][A-Za-z0-9-]*(\\.[A-Za-z][A-Za-z0-9-]*)*");
    /** A model name names an output folder: no separators, no "..". */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    /** Largest |entry| of initial overlaps, second layer and balanced scale: far beyond any trainable network. */
    static final double MAX_OVERLAP = 1e6;
    /** Size limits: beyond them a run cannot be held in memory or finished, so they are refused up front. */
    static final int MAX_WIDTH = 100_000;
    /** The reduced engines take B as a number (the ODE at d = 10⁸ with B ∝ d needs 5·10⁸); sgd streams a batch. */
    static final int MAX_BATCH = 1 << 30;
    static final int MAX_SEEDS = 10_000_000;
    static final int MAX_QMC_POINTS = 1 << 22;
    static final int MAX_TEST_SET = 10_000_000;
    /** More steps than this cannot be run: refused up front instead of hanging. */
    static final double MAX_STEPS = 0x1p62;
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
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new SpecException(label + ": larger than " + MAX_BYTES + " bytes: not a model file");
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            if (text.indexOf('\0') >= 0) {
                throw new SpecException(label + ": binary content (a NUL byte): not a model file");
            }
        } catch (CharacterCodingException e) {
            throw new SpecException(label + ": not UTF-8 text: not a model file", e);
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
        try (JsonParser documents = YAML.getFactory().createParser(text)) {
            root = YAML.readTree(documents);
            if (documents.nextToken() != null) {
                throw new SpecException(label + ": a second YAML document (after ---): a model file holds one model");
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            String message = e.getOriginalMessage();
            if (message.startsWith("Duplicate field")) {
                throw new SpecException(label + ": " + pathAt(e, quoted(message)) + ": key written twice" + where
                        + " (the second would silently replace the first)", e);
            }
            if (nonFinite(message)) {
                throw new SpecException(label + ": " + pathAt(e, null) + ": non-finite value " + quoted(message) + where
                        + ": must be a finite number", e);
            }
            throw new SpecException(label + ": not valid YAML" + where + ": " + message, e);
        } catch (IOException e) {
            throw new SpecException(label + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            throw new SpecException(label + ": top level: expected a mapping of keys");
        }
        ObjectNode tree = ((ObjectNode) root).deepCopy();
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            if (!KEY_PATH.matcher(o.getKey()).matches()) {
                throw new SpecException("command line: '" + o.getKey() + "': not a key path (words joined by dots, e.g. "
                        + "training.batch)");
            }
            put(tree, o.getKey(), o.getValue());
        }
        ModelSpec spec;
        try {
            spec = read(new Section(label, "", tree, overrides.keySet(), new HashMap<>()), defaultName,
                    new Origin(label, overrides.keySet()));
        } catch (SpecException e) {
            // a misspelt key or section explains a "missing" one: report it first
            unknownKey(tree, "", KnownKeys.ALL).ifPresent(path -> {
                throw Section.error(label, overrides.keySet(), path, "unknown key" + KnownKeys.suggestion(path));
            });
            throw e;
        }
        validate(label, spec, overrides.keySet());
        return spec;
    }

    /** The text between the first pair of single quotes of a parser message. */
    private static String quoted(String message) {
        int open = message.indexOf('\'');
        int close = open >= 0 ? message.indexOf('\'', open + 1) : -1;
        return close > open ? message.substring(open + 1, close) : "?";
    }

    /**
     * Jackson 2's YAML parser does not read YAML's .nan and .inf (it calls them malformed numbers): they are
     * values the model file may not hold anyway, so they are reported as such, not as invalid YAML.
     */
    private static boolean nonFinite(String message) {
        return message.startsWith("Malformed numeric value") && quoted(message).toLowerCase(Locale.ROOT)
                .matches("[-+]?\\.(nan|inf)");
    }

    /**
     * The key path where Jackson's parser stopped: the names of the enclosing mappings, then {@code key}
     * (a duplicate's name) or, when null, the name being read.
     */
    private static String pathAt(JsonProcessingException e, String key) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return key == null ? "?" : key;
        }
        List<String> names = new ArrayList<>();
        JsonStreamContext c = parser.getParsingContext();
        if (key != null) {
            names.add(key);
            c = c.getParent();
        }
        for (; c != null; c = c.getParent()) {
            if (c.getCurrentName() != null) {
                names.add(0, c.getCurrentName());
            }
        }
        return names.isEmpty() ? "top level" : String.join(".", names);
    }

    /**
     * Every key path a model file may hold: what the writer writes for a complete model with every optional
     * key set. Computed once, on the first error that needs it (a holder class, so the reference is parsed
     * after ModelLoader is initialised).
     */
    private static final class KnownKeys {
        static final Set<String> ALL = compute();

        /**
         * " (did you mean K?)" for the known key path K nearest to {@code path}: a key of the same section whose words'
         * initials it is (training.lr → training.learning-rate), else the nearest by edit distance if within a quarter
         * of its length (at least 2); "" when none is near.
         */
        static String suggestion(String path) {
            org.apache.commons.text.similarity.LevenshteinDistance distance =
                    org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance();
            String parent = parent(path);
            String leaf = path.substring(path.lastIndexOf('.') + 1);
            String best = null;
            int bestScore = Integer.MAX_VALUE;
            for (String known : new java.util.TreeSet<>(ALL)) {
                String knownLeaf = known.substring(known.lastIndexOf('.') + 1);
                int score = parent.equals(parent(known)) && leaf.length() > 1 && initials(knownLeaf).equals(leaf) ? 0
                        : distance.apply(path, known);
                if (score < bestScore) {
                    best = known;
                    bestScore = score;
                }
            }
            return best != null && bestScore <= Math.max(2, path.length() / 4) ? " (did you mean " + best + "?)" : "";
        }

        private static String parent(String path) {
            int dot = path.lastIndexOf('.');
            return dot < 0 ? "" : path.substring(0, dot);
        }

        /** learning-rate → lr. */
        private static String initials(String key) {
            StringBuilder b = new StringBuilder();
            for (String word : key.split("-")) {
                if (!word.isEmpty()) {
                    b.append(word.charAt(0));
                }
            }
            return b.toString();
        }

        private static Set<String> compute() {
            Set<String> keys = new HashSet<>();
            collect(YAML.valueToTree(ModelWriter.toTree(parse("reference", "reference", REFERENCE, Map.of()))), "", keys);
            return Set.copyOf(keys);
        }
    }

    /** A complete model with every optional key set, from which {@link #knownKeys} are read. */
    private static final String REFERENCE = """
            d: 10
            teacher: {activation: square}
            student: {p: 1, activation: square}
            training: {learning-rate: 0.1}
            initial: {kind: overlaps, M: [[0.0]], Q: [[1.0]], a: [1.0]}
            run: {t-max: 1}
            """;

    private static void collect(JsonNode node, String prefix, Set<String> out) {
        node.fieldNames().forEachRemaining(name -> {
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            out.add(path);
            JsonNode child = node.get(name);
            if (child.isObject()) {
                collect(child, path, out);
            }
        });
    }

    /** The first key path of the tree that no model file may hold. */
    private static Optional<String> unknownKey(JsonNode node, String prefix, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            if (!known.contains(path)) {
                return Optional.of(path);
            }
            JsonNode child = node.get(name);
            if (child.isObject()) {
                Optional<String> inner = unknownKey(child, path, known);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
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
            if (nonFinite(e.getOriginalMessage())) {
                throw new SpecException("command line: " + path + ": non-finite value " + quoted(e.getOriginalMessage())
                        + ": must be a finite number", e);
            }
            scalar = JsonNodeFactory.instance.textNode(value); // text, read as such (or as an expression) below
        }
        node.set(keys[keys.length - 1], scalar == null ? JsonNodeFactory.instance.textNode(value) : scalar);
    }

    private static ModelSpec read(Section top, String defaultName, Origin origin) {
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
        List<Integer> indices = t.integers("indices").orElse(IntStream.range(0, Math.max(k, 0)).boxed().toList());
        t.finish();
        TeacherSpec teacher = new TeacherSpec(target, k, teacherActivation, noise, indices);

        Section s = top.section("student");
        int width = top.defined("p", s.intValue("p", null));
        StudentSpec student = new StudentSpec(width,
                s.choice("activation", Activation.class, null),
                s.choice("readout", Readout.class, Readout.MEAN),
                s.choice("second-layer", SecondLayer.class, SecondLayer.FIXED),
                s.choice("preactivation", Preactivation.class, Preactivation.SCALED),
                s.intValue("signal-neurons", width));
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
                in.choice("radius", Radius.class, Radius.SCALE), in.number("second-layer-ratio", 1.0));
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
        return new ModelSpec(name, inputs, d, teacher, student, training, initial, exit, observe, run, origin);
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
        c.require(NAME.matcher(m.name()).matches(), "name", "must be letters, digits, '.', '_' or '-' (it names an output "
                + "folder), got '" + m.name() + "'");
        int p = m.student().p();
        int k = m.teacher().k();
        c.require(p <= MAX_WIDTH, "student.p", "at most " + MAX_WIDTH + ", got " + p);
        c.require(p >= 1, "student.p", "must be at least 1, got " + p);
        int signal = m.student().signalNeurons();
        c.require(signal >= 0 && signal <= p, "student.signal-neurons", "must lie in 0..p = " + p + ", got " + signal);
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
        c.require(tr.batch() <= MAX_BATCH, "training.batch", "at most " + MAX_BATCH + " inputs per step, got " + tr.batch());
        c.require(tr.lossPrefactor() > 0, "training.loss-prefactor", "must be > 0, got " + tr.lossPrefactor());

        InitialSpec in = m.initial();
        in.a().ifPresent(a -> {
            c.require(a.size() == p, "initial.a", "needs p = " + p + " entries, got " + a.size());
            c.require(a.stream().allMatch(x -> Math.abs(x) <= MAX_OVERLAP), "initial.a",
                    "entries must lie in [-" + MAX_OVERLAP + ", " + MAX_OVERLAP + "]");
        });
        if (in.kind() == Initial.BALANCED) {
            c.require(in.scale() > 0 && in.scale() <= MAX_OVERLAP, "initial.scale", "must lie in (0, " + MAX_OVERLAP
                    + "], got " + in.scale());
            c.require(in.secondLayerRatio() > 0 && in.secondLayerRatio() * in.scale() <= MAX_OVERLAP,
                    "initial.second-layer-ratio", "must be positive with ratio × scale ≤ " + MAX_OVERLAP + ", got "
                            + in.secondLayerRatio());
        } else {
            c.require(in.secondLayerRatio() == 1, "initial.second-layer-ratio", "is only used with kind: balanced");
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
        c.require(ob.testSet() >= 1 && ob.testSet() <= MAX_TEST_SET, "observe.test-set",
                "must lie in 1.." + MAX_TEST_SET + ", got " + ob.testSet());

        RunSpec r = m.run();
        c.require(r.tMax() > 0, "run.t-max", "must be > 0, got " + r.tMax());
        c.require(r.seeds() >= 1 && r.seeds() <= MAX_SEEDS, "run.seeds", "must lie in 1.." + MAX_SEEDS + ", got "
                + r.seeds());
        c.require(r.sdeDt() > 0, "run.sde-dt", "must be > 0, got " + r.sdeDt());
        c.require(r.tMax() / r.sdeDt() <= MAX_STEPS, "run.sde-dt", r.sdeDt() + " makes more than 2^62 SDE steps to run.t-max = "
                + r.tMax());
        c.require(r.pointsPerDecade() >= 1, "run.points-per-decade", "must be at least 1, got " + r.pointsPerDecade());
        c.require(r.points() >= 1, "run.points", "must be at least 1, got " + r.points());
        c.require(r.odeRelativeTolerance() > 0, "run.ode-rtol", "must be > 0, got " + r.odeRelativeTolerance());
        c.require(r.qmcPoints() >= 64 && r.qmcPoints() <= MAX_QMC_POINTS, "run.qmc-points",
                "must lie in 64.." + MAX_QMC_POINTS + ", got " + r.qmcPoints());
        c.require(r.odeStep() >= 0 && r.odeStep() < r.tMax(), "run.ode-step",
                "must be >= 0 (0: adaptive) and below run.t-max, got " + r.odeStep());
        c.require(r.odeStep() == 0 || r.tMax() / r.odeStep() <= MAX_STEPS, "run.ode-step", r.odeStep()
                + " makes more than 2^62 ODE steps to run.t-max = " + r.tMax());
        c.require(r.odeAbsoluteTolerance() > 0, "run.ode-atol", "must be > 0, got " + r.odeAbsoluteTolerance());
        c.require(r.odeReduction() != Kinds.OdeReduction.MEAN_FIELD || !tr.spherical(), "run.ode-reduction",
                "mean-field needs an unconstrained student (training.spherical: false)");
    }

    private static void validateOverlaps(Check c, InitialSpec in, int p, int k, boolean spherical) {
        Matrix mm = in.m().orElseThrow(() -> c.error("initial.M", "required with kind: overlaps (a " + p + "x" + k + " matrix)"));
        Matrix qq = in.q().orElseThrow(() -> c.error("initial.Q", "required with kind: overlaps (a " + p + "x" + p + " matrix)"));
        c.require(finite(mm), "initial.M", "entries must lie in [-" + MAX_OVERLAP + ", " + MAX_OVERLAP + "]");
        c.require(finite(qq), "initial.Q", "entries must lie in [-" + MAX_OVERLAP + ", " + MAX_OVERLAP + "]");
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

    private static boolean finite(Matrix x) {
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.columns(); j++) {
                if (!(Math.abs(x.get(i, j)) <= MAX_OVERLAP)) {
                    return false;
                }
            }
        }
        return true;
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
