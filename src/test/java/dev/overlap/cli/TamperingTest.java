package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tampering suite: every kind of file overlap reads back (exit_times.csv, curves.csv.gz, experiment.json,
 * summary.json, shard.json, compare.json, ode_reference.csv, *.figure.json) truncated, cut mid-number, edited
 * out of its domain, missing a replica, deleted, or from another commit, and read by merge, --resume and plot.
 * Each case must end with exit 2 and one line naming the file (no stack trace), leave every file of the
 * tampered folder as it was, and (merge) create no output folder. It uses only the command line, so the same
 * file run against an older version counts what that version let through.
 */
class TamperingTest {
    @TempDir
    static Path tmp;

    /** Finished folders, each copied before a case tampers with it. */
    private static Path pristine;

    private static final String MODEL = "models/phase-retrieval-p1.yaml";
    private static final String[] COMPARE = {"compare", "--model", MODEL, "--engines", "chain,ode", "--seeds", "4",
        "--set", "d=300", "--t-max", "3", "--no-theory", "--threads", "2"};
    private static final String[] EXIT_TIMES = {"exit-times", "--model", MODEL, "--engine", "chain", "--seeds", "6",
        "--set", "d=300", "--threads", "2"};

    private static Cli overlap(List<String> args) {
        return Cli.run(args);
    }

    private static void ok(List<String> args) {
        Cli o = overlap(args);
        assertEquals(0, o.code(), o.err());
    }

    private static List<String> with(String[] base, String... more) {
        List<String> a = new ArrayList<>(List.of(base));
        a.addAll(List.of(more));
        return a;
    }

    @BeforeAll
    static void finishedFolders() {
        pristine = tmp.resolve("pristine");
        for (int i = 0; i < 2; i++) {
            ok(with(EXIT_TIMES, "--shard", i + "/2", "--out", pristine.resolve("xs" + i).toString()));
            ok(with(COMPARE, "--shard", i + "/2", "--out", pristine.resolve("cs" + i).toString()));
        }
        ok(with(EXIT_TIMES, "--budget", "3", "--out", pristine.resolve("partial").toString()));
        ok(with(COMPARE, "--out", pristine.resolve("compare").toString()));
        // a kept figure, as sample-complexity and validate write them
        dev.overlap.report.Figures.keep(pristine.resolve("figures").resolve("ecdf.png"), new dev.overlap.report.Figure.EcdfPlot(
                "exit times", "t", Map.of("chain", new double[] {0.5, 0.75, 1.0}), Map.of("mean", 0.75)));
    }

    /** Where a case's tampered input goes and what reads it. */
    private enum Reader {
        MERGE_EXIT_TIMES("xs0", "xs1"), MERGE_COMPARE("cs0", "cs1"), RESUME_EXIT_TIMES("partial"),
        RESUME_COMPARE("compare"), PLOT_COMPARE("compare"), PLOT_FIGURES("figures");

        final String[] folders;

        Reader(String... folders) {
            this.folders = folders;
        }

        Cli read(Path root, Path out) {
            List<String> a = new ArrayList<>();
            switch (this) {
                case MERGE_EXIT_TIMES, MERGE_COMPARE -> {
                    a.addAll(List.of("merge", "--out", out.toString()));
                    for (String f : folders) {
                        a.add(root.resolve(f).toString());
                    }
                }
                case RESUME_EXIT_TIMES -> a.addAll(with(EXIT_TIMES, "--resume", "--out", root.resolve("partial").toString()));
                case RESUME_COMPARE -> a.addAll(with(COMPARE, "--resume", "--out", root.resolve("compare").toString()));
                default -> a.addAll(List.of("plot", root.resolve(folders[0]).toString()));
            }
            return overlap(a);
        }
    }

    private record Case(String name, Reader reader, String file, UnaryOperator<byte[]> tamper) {
    }

    private static final UnaryOperator<byte[]> DELETE = b -> null;
    /**
     * Cuts the file in the middle of a line (a cut right after a newline would leave an exit_times.csv that
     * is a valid earlier save, which --resume rightly continues).
     */
    private static final UnaryOperator<byte[]> TRUNCATE = b -> java.util.Arrays.copyOf(b, b.length / 2
            - (b[b.length / 2 - 1] == '\n' ? 1 : 0));

    /** Cuts the file inside its last number with a fractional part (the value loses digits, the line its end). */
    private static final UnaryOperator<byte[]> CUT_MID_NUMBER = b -> {
        String s = new String(b, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\\d\\.\\d{3}").matcher(s);
        int at = -1;
        while (m.find()) {
            at = m.start() + 3;
        }
        return s.substring(0, at).getBytes(StandardCharsets.UTF_8);
    };

    private static UnaryOperator<byte[]> text(UnaryOperator<String> edit) {
        return b -> {
            String after = edit.apply(new String(b, StandardCharsets.UTF_8));
            assertFalse(after.equals(new String(b, StandardCharsets.UTF_8)), "the edit changes the file");
            return after.getBytes(StandardCharsets.UTF_8);
        };
    }

    /** The same edit inside a gzip stream (the stream itself stays valid). */
    private static UnaryOperator<byte[]> gzipped(UnaryOperator<byte[]> edit) {
        return b -> {
            try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                    z.write(edit.apply(in.readAllBytes()));
                }
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** exit_times.csv: the first exit time replaced (escaped stays true). */
    private static UnaryOperator<byte[]> exitTime(String value) {
        return text(s -> s.replaceFirst("(?m)^(\\d+,chain,)[^,]+(,true)$", "$1" + value + "$2"));
    }

    /** Drops the last data line of a CSV (exit_times: a replica; curves: one of a replica's rows). */
    private static final UnaryOperator<byte[]> DROP_LAST_LINE = text(s -> s.substring(0, s.lastIndexOf('\n', s.length() - 2) + 1));

    /** curves.csv.gz: every row of replica 1 removed. */
    private static final UnaryOperator<byte[]> DROP_REPLICA_CURVE = gzipped(text(s -> s.replaceAll("(?m)^chain,1,.*\\n", "")));

    private static final UnaryOperator<byte[]> SWAP_COMMIT = text(s -> s.replaceFirst("\"commit\" : \"[^\"]*\"",
            "\"commit\" : \"0123456789abcdef0123456789abcdef01234567\""));

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        Map<String, UnaryOperator<byte[]>> csvTampers = new TreeMap<>(Map.of(
                "truncate", TRUNCATE, "cut mid-number", CUT_MID_NUMBER, "exit time -5.0", exitTime("-5.0"),
                "exit time Infinity while escaped", exitTime("Infinity"), "replica deleted", DROP_LAST_LINE,
                "deleted", DELETE));
        csvTampers.forEach((name, t) -> {
            c.add(new Case("merge exit-times: exit_times.csv " + name, Reader.MERGE_EXIT_TIMES, "xs1/exit_times.csv", t));
            c.add(new Case("merge compare: exit_times.csv " + name, Reader.MERGE_COMPARE, "cs1/chain/exit_times.csv", t));
            // to --resume, a replica missing from exit_times.csv is one still to run, and so is valid input
            if (!name.equals("replica deleted")) {
                c.add(new Case("resume exit-times: exit_times.csv " + name.replace("deleted", "emptied"),
                        Reader.RESUME_EXIT_TIMES, "partial/exit_times.csv", name.equals("deleted") ? b -> new byte[0] : t));
                c.add(new Case("resume compare: exit_times.csv " + name.replace("deleted", "emptied"), Reader.RESUME_COMPARE,
                        "compare/chain/exit_times.csv", name.equals("deleted") ? b -> new byte[0] : t));
            }
            c.add(new Case("plot: exit_times.csv " + name, Reader.PLOT_COMPARE, "compare/chain/exit_times.csv", t));
        });
        Map<String, UnaryOperator<byte[]>> curveTampers = Map.of(
                "truncated gzip", TRUNCATE, "not gzip", b -> "engine,replica,t\n".getBytes(StandardCharsets.UTF_8),
                "cut mid-number", gzipped(CUT_MID_NUMBER), "replica deleted", DROP_REPLICA_CURVE,
                "negative time", gzipped(text(s -> s.replaceFirst("(?m)^(chain,\\d+,)0\\.0,", "$1-1.0,"))),
                "deleted", DELETE);
        curveTampers.forEach((name, t) -> {
            c.add(new Case("merge compare: curves.csv.gz " + name, Reader.MERGE_COMPARE, "cs1/chain/curves.csv.gz", t));
            c.add(new Case("resume compare: curves.csv.gz " + name, Reader.RESUME_COMPARE, "compare/chain/curves.csv.gz", t));
            c.add(new Case("plot: curves.csv.gz " + name, Reader.PLOT_COMPARE, "compare/chain/curves.csv.gz", t));
        });
        for (String f : List.of("experiment.json", "summary.json")) {
            c.add(new Case("merge exit-times: " + f + " truncated", Reader.MERGE_EXIT_TIMES, "xs1/" + f, TRUNCATE));
            c.add(new Case("merge exit-times: " + f + " deleted", Reader.MERGE_EXIT_TIMES, "xs1/" + f, DELETE));
            c.add(new Case("resume exit-times: " + f + " truncated", Reader.RESUME_EXIT_TIMES, "partial/" + f, TRUNCATE));
        }
        c.add(new Case("resume exit-times: experiment.json deleted", Reader.RESUME_EXIT_TIMES, "partial/experiment.json",
                DELETE));
        c.add(new Case("merge exit-times: experiment.json's d edited", Reader.MERGE_EXIT_TIMES, "xs1/experiment.json",
                text(s -> s.replaceFirst("\"d\" : 300", "\"d\" : 301"))));
        c.add(new Case("merge exit-times: summary.json's wall time negative", Reader.MERGE_EXIT_TIMES, "xs1/summary.json",
                text(s -> s.replaceFirst("\"wallSeconds\" : [0-9.eE-]+", "\"wallSeconds\" : -1.0"))));
        for (String[] shard : new String[][] {{"merge exit-times", "xs1/shard.json"}, {"merge compare", "cs1/shard.json"}}) {
            Reader r = shard[0].contains("compare") ? Reader.MERGE_COMPARE : Reader.MERGE_EXIT_TIMES;
            c.add(new Case(shard[0] + ": shard.json truncated", r, shard[1], TRUNCATE));
            c.add(new Case(shard[0] + ": shard.json deleted", r, shard[1], DELETE));
            c.add(new Case(shard[0] + ": shard.json from another commit", r, shard[1], SWAP_COMMIT));
            c.add(new Case(shard[0] + ": shard.json's count 2147483647", r, shard[1],
                    text(s -> s.replaceFirst("\"count\" : 2", "\"count\" : 2147483647"))));
        }
        c.add(new Case("plot: compare.json truncated", Reader.PLOT_COMPARE, "compare/compare.json", TRUNCATE));
        c.add(new Case("plot: compare.json is {}", Reader.PLOT_COMPARE, "compare/compare.json",
                b -> "{}\n".getBytes(StandardCharsets.UTF_8)));
        c.add(new Case("plot: compare.json with a bare NaN", Reader.PLOT_COMPARE, "compare/compare.json",
                text(s -> s.replaceFirst("\"riskWindowStart\" : [^,\\n]+", "\"riskWindowStart\" : NaN"))));
        c.add(new Case("plot: compare.json deleted", Reader.PLOT_COMPARE, "compare/compare.json", DELETE));
        c.add(new Case("plot: ode_reference.csv cut mid-number", Reader.PLOT_COMPARE, "compare/ode_reference.csv",
                CUT_MID_NUMBER));
        c.add(new Case("plot: ode_reference.csv deleted", Reader.PLOT_COMPARE, "compare/ode_reference.csv", DELETE));
        String figure = "figures/ecdf.figure.json";
        c.add(new Case("plot: figure.json with null fields", Reader.PLOT_FIGURES, figure,
                text(s -> s.replaceFirst("\"title\" : \"[^\"]*\"", "\"title\" : null"))));
        c.add(new Case("plot: figure.json with a non-numeric sample", Reader.PLOT_FIGURES, figure,
                text(s -> s.replaceFirst("(\"samples\" : \\{\\s*\"[^\"]*\" : \\[\\s*)[0-9.eE-]+", "$1\"x\""))));
        c.add(new Case("plot: figure.json truncated", Reader.PLOT_FIGURES, figure, TRUNCATE));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyTamperedFileIsRefusedAndLeftAsItWas() {
        List<Case> all = cases();
        int[] index = {0};
        return all.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path root = tmp.resolve("case" + index[0]++);
            copy(pristine, root);
            Path file = root.resolve(c.file());
            byte[] tampered = c.tamper().apply(Files.readAllBytes(file));
            if (tampered == null) {
                Files.delete(file);
            } else {
                Files.write(file, tampered);
            }
            Map<String, String> before = hashes(root);
            Path out = root.resolve("merged");
            Cli o = c.reader().read(root, out);
            assertEquals(2, o.code(), c.name() + ": " + o.err());
            assertFalse(o.err().contains("\n") || o.err().contains("internal error") || o.err().contains("Exception"),
                    "one line, no stack trace: " + o.err());
            assertTrue(o.err().startsWith("error: "), o.err());
            assertEquals(before, hashes(root), "the tampered folder is left as it was");
            assertFalse(Files.exists(out), "a refused merge writes nothing");
        }));
    }

    /** Every file under {@code dir} (but folder locks) with its SHA-256. */
    private static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> h = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!f.getFileName().toString().equals(".overlap.lock")) {
                    h.put(dir.relativize(f).toString(), sha256(Files.readAllBytes(f)));
                }
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> p.getFileName().toString().startsWith(".")).forEach(p -> h.put(p.toString(), "leftover"));
        }
        return h;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }
}
