package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overlap.io.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    private record Outcome(int code, String err) {
    }

    private static Outcome overlap(List<String> args) {
        StringWriter err = new StringWriter();
        int code = OverlapCommand.commandLine().setErr(new PrintWriter(err, true))
                .setOut(new PrintWriter(new StringWriter(), true)).execute(args.toArray(String[]::new));
        return new Outcome(code, err.toString().strip());
    }

    private Path exitTimes(String name, String d, String... more) {
        Path out = tmp.resolve(name);
        List<String> a = new ArrayList<>(List.of("exit-times", "--model", "models/phase-retrieval-p1.yaml", "--engine",
                "chain", "--seeds", "12", "--set", "d=" + d, "--random-start", "--out", out.toString()));
        a.addAll(List.of(more));
        Outcome o = overlap(a);
        assertEquals(0, o.code(), o.err());
        return out;
    }

    private Outcome merge(Path out, Path... shards) {
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
        Outcome o = merge(merged, s2, s0, s1);
        assertEquals(0, o.code(), o.err());
        assertEquals(Files.readString(whole.resolve("exit_times.csv")), Files.readString(merged.resolve("exit_times.csv")));
        assertEquals(Files.readString(whole.resolve("experiment.json")), Files.readString(merged.resolve("experiment.json")));
        JsonNode a = Json.mapper().readTree(whole.resolve("summary.json").toFile());
        JsonNode b = Json.mapper().readTree(merged.resolve("summary.json").toFile());
        assertEquals(Json.mapper().writeValueAsString(a.path("statistics")), Json.mapper().writeValueAsString(b.path("statistics")));
        assertEquals(a.path("seeds"), b.path("seeds"));
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
            {"has finished 2 of its 6 replicas"}, {"holds a whole experiment"}, {"are both shard 0/2"}};
        Path[][] inputs = {{s0, other}, {s0}, {s0, partial}, {s0, whole}, {s0, s0, s1}};
        for (int i = 0; i < inputs.length; i++) {
            Outcome o = merge(tmp.resolve("m" + i), inputs[i]);
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().contains(expected[i][0]), o.err());
            assertTrue(!Files.exists(tmp.resolve("m" + i)), "nothing written for a refused merge");
        }
    }
}
