package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overlap.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exit-times --shard i/n and merge: the merged experiment is the one-machine experiment, byte for byte. */
class ShardMergeTest {
    @TempDir
    Path tmp;

    private static Cli overlap(List<String> args) {
        return Cli.run(args);
    }

    private Path exitTimes(String name, String d, String... more) {
        Path out = tmp.resolve(name);
        List<String> a = new ArrayList<>(List.of("exit-times", "--model", "models/phase-retrieval-p1.yaml", "--engine",
                "chain", "--seeds", "12", "--set", "d=" + d, "--random-start", "--out", out.toString()));
        a.addAll(List.of(more));
        Cli o = overlap(a);
        assertEquals(0, o.code(), o.err());
        return out;
    }

    private Cli merge(Path out, Path... shards) {
        List<String> a = new ArrayList<>(List.of("merge", "--out", out.toString()));
        for (Path s : shards) {
            a.add(s.toString());
        }
        return overlap(a);
    }

    @Test
    void mergedShardsAreTheOneMachineExperiment() throws IOException {
        Path whole = exitTimes("whole", "500");
        Path s0 = exitTimes("s0", "500", "--shard", "0/3");
        Path s1 = exitTimes("s1", "500", "--shard", "1/3", "--threads", "1");
        Path s2 = exitTimes("s2", "500", "--shard", "2/3");
        assertEquals(5, Files.readAllLines(s1.resolve("exit_times.csv")).size(), "shard 1/3 runs replicas 1, 4, 7, 10");
        Path merged = tmp.resolve("merged");
        Cli o = merge(merged, s2, s0, s1);
        assertEquals(0, o.code(), o.err());
        assertEquals(Files.readString(whole.resolve("exit_times.csv")), Files.readString(merged.resolve("exit_times.csv")));
        assertEquals(Files.readString(whole.resolve("experiment.json")), Files.readString(merged.resolve("experiment.json")));
        JsonNode a = Json.mapper().readTree(whole.resolve("summary.json").toFile());
        JsonNode b = Json.mapper().readTree(merged.resolve("summary.json").toFile());
        assertEquals(Json.mapper().writeValueAsString(a.path("statistics")), Json.mapper().writeValueAsString(b.path("statistics")));
        assertEquals(a.path("seeds"), b.path("seeds"));
    }

    private Path run(String name, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--out", tmp.resolve(name).toString()));
        Cli o = overlap(a);
        assertEquals(0, o.code(), o.err());
        return tmp.resolve(name);
    }

    private static void assertSameExperiment(Path whole, Path merged) throws IOException {
        assertEquals(Files.readString(whole.resolve("exit_times.csv")), Files.readString(merged.resolve("exit_times.csv")),
                whole.toString());
        JsonNode a = Json.mapper().readTree(whole.resolve("summary.json").toFile());
        JsonNode b = Json.mapper().readTree(merged.resolve("summary.json").toFile());
        assertEquals(Json.mapper().writeValueAsString(a.path("statistics")),
                Json.mapper().writeValueAsString(b.path("statistics")), whole.toString());
    }

    /** compare --shard: every engine merged is the one-machine engine; the report, compare.json and figures follow. */
    @Test
    void compareShardsMergeToTheOneMachineCompare() throws IOException {
        String[] args = {"compare", "--model", "models/phase-retrieval-p1.yaml", "--engines", "chain,sde,ode", "--seeds", "6",
            "--set", "d=300", "--t-max", "3"};
        Path whole = run("cw", args);
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> a = new ArrayList<>(List.of(args));
            a.addAll(List.of("--shard", i + "/3"));
            parts.add(run("cs" + i, a.toArray(String[]::new)));
        }
        assertTrue(!Files.exists(parts.get(1).resolve("report.md")), "a shard writes no report");
        Path merged = tmp.resolve("cm");
        Cli o = merge(merged, parts.get(2), parts.get(0), parts.get(1));
        assertEquals(0, o.code(), o.err());
        for (String engine : List.of("chain", "sde", "ode")) {
            assertSameExperiment(whole.resolve(engine), merged.resolve(engine));
        }
        JsonNode a = Json.mapper().readTree(whole.resolve("compare.json").toFile());
        JsonNode b = Json.mapper().readTree(merged.resolve("compare.json").toFile());
        assertEquals(a.path("tests"), b.path("tests"), "the same two-sample tests");
        assertTrue(Files.exists(merged.resolve("risk_curves.png")) && Files.exists(merged.resolve("report.md")));
        assertEquals(0, overlap(List.of("plot", merged.toString())).code());
    }

    /**
     * compare --curves overlaps as shards merges to the one-machine compare: each engine's experiment.json (whose
     * identity names the overlap curves) and every replica's M, Q and a are the same.
     */
    @Test
    void overlapCurveShardsMergeToTheOneMachineCompare() throws IOException {
        String[] args = {"compare", "--model", "models/phase-retrieval-p1.yaml", "--engines", "chain,ode", "--seeds", "4",
            "--set", "d=300", "--t-max", "3", "--curves", "overlaps"};
        Path whole = run("ow", args);
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> a = new ArrayList<>(List.of(args));
            a.addAll(List.of("--shard", i + "/2"));
            parts.add(run("os" + i, a.toArray(String[]::new)));
        }
        Path merged = tmp.resolve("om");
        Cli o = merge(merged, parts.get(1), parts.get(0));
        assertEquals(0, o.code(), o.err());
        assertEquals(Files.readString(whole.resolve("chain/experiment.json")),
                Files.readString(merged.resolve("chain/experiment.json")));
        dev.overlap.io.CurvesCsv.Table a = dev.overlap.io.CurvesCsv.read(whole.resolve("chain").resolve(dev.overlap.io.CurvesCsv.FILE));
        dev.overlap.io.CurvesCsv.Table b = dev.overlap.io.CurvesCsv.read(merged.resolve("chain").resolve(dev.overlap.io.CurvesCsv.FILE));
        assertEquals(a.columns(), b.columns());
        assertTrue(a.columns().contains("q_1_1"), a.columns().toString());
        assertEquals(a.replicas().keySet(), b.replicas().keySet());
        a.replicas().forEach((replica, rows) -> {
            for (int i = 0; i < rows.size(); i++) {
                assertTrue(java.util.Arrays.equals(rows.get(i), b.replicas().get(replica).get(i)), "replica " + replica);
            }
        });
        // the merged folder is the same experiment: repeating the one-machine command on it runs nothing
        List<String> again = new ArrayList<>(List.of(args));
        again.addAll(List.of("--out", merged.toString()));
        Cli repeat = overlap(again);
        assertEquals(0, repeat.code(), repeat.err());
    }

    /** A compare sweep as shards, and sample-complexity as shards, merge into the one-machine runs. */
    @Test
    void sweepAndSampleComplexityShardsMerge() throws IOException {
        String[] sweep = {"compare", "--model", "models/phase-retrieval-p1.yaml", "--engines", "chain,ode", "--seeds", "5",
            "--d", "200,300", "--t-max", "4"};
        Path whole = run("sw", sweep);
        List<String> s0 = new ArrayList<>(List.of(sweep));
        s0.addAll(List.of("--shard", "0/2"));
        List<String> s1 = new ArrayList<>(List.of(sweep));
        s1.addAll(List.of("--shard", "1/2"));
        Path merged = tmp.resolve("sm");
        Cli o = merge(merged, run("s0", s0.toArray(String[]::new)), run("s1", s1.toArray(String[]::new)));
        assertEquals(0, o.code(), o.err());
        assertSameExperiment(whole.resolve("grid/d=300_p=1_gamma=0.1/chain"), merged.resolve("grid/d=300_p=1_gamma=0.1/chain"));
        assertEquals(Files.readAllLines(whole.resolve("sweep.csv")).size(), Files.readAllLines(merged.resolve("sweep.csv")).size());

        String[] sc = {"sample-complexity", "--model", "validation/xor-sample-complexity/model.yaml", "--d", "20,30",
            "--seeds", "4", "--set", "observe.test-set=200"};
        Path one = run("scw", sc);
        // two dimensions fit a line's two parameters exactly: the report says there is no CI instead of printing NaN
        String report = Files.readString(one.resolve("report.md"));
        assertTrue(report.contains("(no CI: 2 points for a line's 2 parameters; at least 3 are needed)")
                && !report.contains("NaN"), report);
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> a = new ArrayList<>(List.of(sc));
            a.addAll(List.of("--shard", i + "/2"));
            parts.add(run("scs" + i, a.toArray(String[]::new)));
        }
        Cli m = merge(tmp.resolve("scm"), parts.get(0), parts.get(1));
        assertEquals(0, m.code(), m.err());
        assertSameExperiment(one.resolve("d-30"), tmp.resolve("scm/d-30"));
        assertEquals(Files.readString(one.resolve("sample_complexity.csv")).replaceAll(",[^,\\n]*\\n", "\n"),
                Files.readString(tmp.resolve("scm/sample_complexity.csv")).replaceAll(",[^,\\n]*\\n", "\n"),
                "the same table but for the wall-time column");
        for (Path summary : List.of(one.resolve("summary.json"), tmp.resolve("scm/summary.json"))) {
            assertTrue(dev.overlap.io.Json.mapper().readTree(summary.toFile()).path("program").has("commit"),
                    summary + " says what wrote it");
        }

        // a compare shard and a sample-complexity shard are not shards of one run
        Cli mixed = merge(tmp.resolve("mixed"), parts.get(0), run("x1", s1.toArray(String[]::new)));
        assertEquals(2, mixed.code(), mixed.err());
        assertTrue(mixed.err().contains("not of sample-complexity"), mixed.err());
    }

    /** Anything but the complete shards of one experiment is refused, naming what is wrong. */
    @Test
    void foreignMissingAndUnfinishedShardsAreRefused() {
        Path s0 = exitTimes("a0", "500", "--shard", "0/2");
        Path s1 = exitTimes("a1", "500", "--shard", "1/2");
        Path other = exitTimes("b1", "400", "--shard", "1/2");
        Path partial = exitTimes("c1", "500", "--shard", "1/2", "--budget", "2");
        Path whole = exitTimes("w", "500");
        String[][] expected = {{"model.d is 500 there and 400 here"}, {"shards [1] of 2 are missing"},
            {"c1 is not a finished shard (no shard.json): resume it first"}, {"holds a whole experiment"}, {"are both shard 0/2"}};
        Path[][] inputs = {{s0, other}, {s0}, {s0, partial}, {s0, whole}, {s0, s0, s1}};
        for (int i = 0; i < inputs.length; i++) {
            Cli o = merge(tmp.resolve("m" + i), inputs[i]);
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().contains(expected[i][0]), o.err());
            assertTrue(!Files.exists(tmp.resolve("m" + i)), "nothing written for a refused merge");
        }
    }

    /** Shards of different commits are refused unless --allow-mixed-commits, which merge.json then records. */
    @Test
    void mixedCommitsAreRefusedUnlessAccepted() throws IOException {
        Path s0 = exitTimes("k0", "500", "--shard", "0/2");
        Path s1 = exitTimes("k1", "500", "--shard", "1/2");
        Path manifest = s1.resolve("shard.json");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"commit\" : \"[^\"]*\"",
                "\"commit\" : \"0000000000000000000000000000000000000000\""));
        Cli refused = merge(tmp.resolve("km"), s0, s1);
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("was run by commit 0000000000000000000000000000000000000000")
                && refused.err().contains("--allow-mixed-commits"), refused.err());
        List<String> a = new ArrayList<>(List.of("merge", "--allow-mixed-commits", "--out", tmp.resolve("km").toString(),
                s0.toString(), s1.toString()));
        Cli accepted = overlap(a);
        assertEquals(0, accepted.code(), accepted.err());
        JsonNode provenance = Json.mapper().readTree(tmp.resolve("km").resolve("merge.json").toFile());
        assertTrue(provenance.path("mixedCommits").asBoolean(), provenance.toString());
        assertEquals("0000000000000000000000000000000000000000", provenance.path("shards").get(1).path("commit").asText());
    }
}
