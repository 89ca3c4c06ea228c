package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * merge killed with SIGKILL at several points leaves either no output folder or the finished merge, and the
 * rerun after a kill finishes it: the merge is staged beside --out and renamed into place when done.
 */
class MergeKillTest {
    @TempDir
    Path tmp;

    private static void overlap(String... args) {
        Cli run = Cli.run(args);
        assertEquals(0, run.code(), run.err());
    }

    private Process mergeProcess(Path out, List<Path> shards) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), OverlapCommand.class.getName(), "merge", "--out", out.toString()));
        shards.forEach(s -> cmd.add(s.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("merge.log").toFile()).start();
    }

    @Test
    void aKilledMergeLeavesNothingOrTheFinishedMerge() throws Exception {
        List<Path> shards = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path s = tmp.resolve("s" + i);
            overlap("compare", "--model", "models/phase-retrieval-p1.yaml", "--engines", "chain,ode", "--seeds", "6",
                    "--set", "d=300", "--t-max", "3", "--no-theory", "--shard", i + "/2", "--out", s.toString());
            shards.add(s);
        }
        // the whole merge, timed, sets the kill points across it
        long started = System.nanoTime();
        Process whole = mergeProcess(tmp.resolve("whole"), shards);
        assertEquals(0, whole.waitFor(), Files.readString(tmp.resolve("merge.log")));
        long millis = (System.nanoTime() - started) / 1_000_000;
        int finished = 0;
        int killed = 0;
        for (int point = 1; point <= 5; point++) {
            Path out = tmp.resolve("m" + point);
            Process p = mergeProcess(out, shards);
            if (p.waitFor(millis * point / 6, TimeUnit.MILLISECONDS)) {
                finished++;
            } else {
                p.destroyForcibly().waitFor(); // SIGKILL on Linux: no shutdown hook runs
                killed++;
            }
            if (Files.exists(out)) {
                assertTrue(Files.exists(out.resolve("report.md")) && Files.exists(out.resolve("merge.json")),
                        "kill point " + point + ": " + out + " exists, so it must be the finished merge: " + list(out));
            } else {
                Process rerun = mergeProcess(out, shards);
                assertEquals(0, rerun.waitFor(), "the rerun after kill point " + point + " finishes: "
                        + Files.readString(tmp.resolve("merge.log")));
                assertTrue(Files.exists(out.resolve("report.md")), list(out).toString());
            }
            assertEquals(List.of(), hidden(tmp), "no staging folder is left once a merge has finished");
        }
        assertTrue(killed >= 3, "the kill points fall inside the merge (" + killed + " killed, " + finished + " finished)");
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> hidden(Path dir) throws IOException {
        return list(dir).stream().filter(n -> n.startsWith(".") && n.endsWith(".merging")).toList();
    }
}
