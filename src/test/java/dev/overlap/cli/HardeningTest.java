package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adversarial use of the commands: each test names the defect of the hardening issue it keeps fixed. */
class HardeningTest {
    private static final String MODEL = "models/phase-retrieval-p1.yaml";

    @TempDir
    Path tmp;

    private static Cli overlap(String... args) {
        return Cli.run(args);
    }

    /**
     * A second command writing into a folder in use is refused, and the first finishes intact: two real
     * processes (the lock is the operating system's, released when its process ends).
     */
    @Test
    void aSecondWriterIsRefusedAndTheFirstIsIntact() throws Exception {
        Path out = tmp.resolve("shared");
        Process first = java("exit-times", "--model", MODEL, "--engine", "sgd", "--seeds", "30", "--set", "d=2000",
                "--threads", "1", "--out", out.toString());
        Path lock = out.resolve(".overlap.lock");
        for (int i = 0; i < 200 && !Files.exists(lock); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(lock), "the first command took its lock");
        Process second = java("exit-times", "--model", MODEL, "--engine", "sgd", "--seeds", "30", "--set", "d=500",
                "--out", out.toString());
        assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        String err = new String(second.getErrorStream().readAllBytes()).strip();
        assertEquals(2, second.exitValue(), err);
        assertTrue(err.contains("in use by another overlap command"), err);
        assertTrue(first.isAlive(), "the refusal came while the first was running");
        assertTrue(first.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), new String(first.getErrorStream().readAllBytes()));
        assertEquals(31, Files.readAllLines(out.resolve("exit_times.csv")).size());
        assertTrue(Files.readString(out.resolve("experiment.json")).contains("\"d\" : 2000"));
    }

    private static Process java(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.overlap.cli.OverlapCommand"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** A command that fails before its first finished replica leaves nothing, so the corrected rerun just runs. */
    @Test
    void aFailedRunLeavesNothingBehind() {
        Path out = tmp.resolve("failed");
        Cli diverged = overlap("exit-times", "--model", MODEL, "--engine", "chain", "--seeds", "4", "--out",
                out.toString(), "--set", "training.spherical=false", "--set", "training.learning-rate=50");
        assertEquals(1, diverged.code(), diverged.err());
        assertFalse(Files.exists(out), "nothing left in " + out);
        Cli corrected = overlap("exit-times", "--model", MODEL, "--engine", "chain", "--seeds", "4", "--set", "d=500",
                "--out", out.toString());
        assertEquals(0, corrected.code(), corrected.err());
        Cli resumed = overlap("exit-times", "--model", MODEL, "--engine", "chain", "--seeds", "4", "--set", "d=500",
                "--out", out.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.err());
    }

    /** --resume checks exit_times.csv against the experiment and names the offending line. */
    @Test
    void resumeRefusesAHandEditedFile() throws IOException {
        Path out = tmp.resolve("edited");
        String[] run = {"exit-times", "--model", MODEL, "--engine", "chain", "--seeds", "6", "--set", "d=500", "--out",
                out.toString(), "--budget", "3"};
        assertEquals(0, overlap(run).code());
        Path csv = out.resolve("exit_times.csv");
        List<String> rows = Files.readAllLines(csv);
        String[][] edits = {{rows.get(1), "appears twice"}, {"5" + rows.get(1).substring(rows.get(1).indexOf(',')).replace(",chain,", ",sgd,"), "sgd, but the lines above are chain"},
            {"99" + rows.get(1).substring(rows.get(1).indexOf(',')), "outside 0..5"}};
        for (String[] edit : edits) {
            List<String> edited = new ArrayList<>(rows);
            edited.add(edit[0]);
            Files.write(csv, edited);
            Cli o = overlap("exit-times", "--model", MODEL, "--engine", "chain", "--seeds", "6", "--set", "d=500",
                    "--out", out.toString(), "--resume");
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().contains("line " + edited.size()) && o.err().contains(edit[1]), o.err());
        }
    }

    /** An unwritable output folder is found before the first step, not after the simulation. */
    @Test
    void anUnusableOutputFolderIsFoundFirst() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        long t0 = System.nanoTime();
        Cli o = overlap("run", "--model", MODEL, "--engine", "sgd", "--out", file.resolve("run").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: output folder "), o.err());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused before simulating");
    }

    /** Written files get the permissions the umask gives any new file, not the 0600 of a temporary file. */
    @Test
    void writtenFilesHaveTheUmaskPermissions() throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(tmp.resolve("plain"));
        Path written = tmp.resolve("written");
        AtomicFiles.write(written, w -> w.write("x"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
    }

    /** Options that made a command run forever, and an ODE blow-up reported at its step, not at step 0. */
    @Test
    void badOptionsAreRefusedAndBlowUpsAreLocated() {
        for (String[] args : new String[][] {{"bench", "--d", "0"}, {"bench", "--seconds", "-1"},
            {"bench", "--seconds", "NaN"}, {"compare", "--model", MODEL, "--threads", "0", "--out", tmp.resolve("c").toString()},
            {"run", "--model", MODEL, "--engine", "ode", "--d", "1000,2000", "--out", tmp.resolve("r").toString()}}) {
            Cli o = overlap(args);
            assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
            assertEquals(1, o.err().lines().count(), o.err());
        }
        // each command's --help shows what it accepts: run and exit-times take one dimension
        for (String command : new String[] {"run", "exit-times"}) {
            java.io.StringWriter help = new java.io.StringWriter();
            OverlapCommand.commandLine().getSubcommands().get(command).usage(new java.io.PrintWriter(help, true));
            assertTrue(help.toString().contains("--d=N ") && !help.toString().contains("N[,N...]"), help.toString());
        }
        Cli ode = overlap("run", "--model", MODEL, "--engine", "ode", "--out", tmp.resolve("ode").toString(),
                "--set", "training.spherical=false", "--set", "training.learning-rate=50");
        assertEquals(1, ode.code(), ode.err());
        assertTrue(ode.err().matches("error: ode run diverged at t = [0-9.E-]+ \\(natural.*") && !ode.err().contains("t = 0.0 "),
                ode.err());
        // the key that drives a memory refusal is named: here the teacher, not the one-unit student
        Cli wide = overlap("run", "--model", MODEL, "--engine", "ode", "--out", tmp.resolve("wide").toString(),
                "--set", "teacher.k=20000", "--set", "d=1000000");
        assertEquals(2, wide.code(), wide.err());
        assertTrue(wide.err().startsWith("error: command line: teacher.k: ode needs"), wide.err());
        // work that would take hours is refused before it starts (without the check: minutes in the initial
        // overlaps' O(p^3) draw, then about a minute per drift evaluation), naming the key that drives it
        long started = System.nanoTime();
        Cli slow = overlap("run", "--model", MODEL, "--engine", "ode", "--out", tmp.resolve("slow").toString(),
                "--set", "student.p=5000", "--set", "d=1000000");
        assertEquals(2, slow.code(), slow.err());
        assertTrue(slow.err().startsWith("error: command line: student.p: ode needs about")
                && slow.err().contains("floating-point operations for the drift"), slow.err());
        assertTrue((System.nanoTime() - started) * 1e-9 < 20, "refused before the work, not after");
        // validate away from a checkout: one line, exit 2, no stack trace
        Cli away = overlap("validate", "--quick", "--dir", tmp.resolve("nowhere").toString(), "--out",
                tmp.resolve("v").toString());
        assertEquals(2, away.code(), away.err());
        assertTrue(away.err().startsWith("error: command line: --dir:") && away.err().lines().count() == 1, away.err());
        Cli sde = overlap("run", "--model", MODEL, "--engine", "sde", "--out", tmp.resolve("sde").toString(),
                "--set", "run.sde-dt=100");
        assertEquals(1, sde.code(), sde.err());
        assertTrue(sde.err().contains("run.sde-dt"), "the advice names the step: " + sde.err());
    }

    /** A resume may raise --seeds: the replica count is not part of what the experiment is. */
    @Test
    void resumeMayRaiseTheReplicaCount() throws IOException {
        Path out = tmp.resolve("more");
        String[] five = {"exit-times", "--model", MODEL, "--engine", "chain", "--seeds", "5", "--set", "d=500", "--out",
            out.toString()};
        assertEquals(0, overlap(five).code());
        double first = wall(out);
        // resuming the finished experiment runs nothing and keeps its wall time (it used to become ~0)
        String[] again = java.util.Arrays.copyOf(five, five.length + 1);
        again[five.length] = "--resume";
        assertEquals(0, overlap(again).code());
        assertTrue(wall(out) >= first, "wall time " + wall(out) + " after " + first);
        Cli more = overlap("exit-times", "--model", MODEL, "--engine", "chain", "--seeds", "8", "--set", "d=500",
                "--out", out.toString(), "--resume");
        assertEquals(0, more.code(), more.err());
        assertEquals(9, Files.readAllLines(out.resolve("exit_times.csv")).size());
        // a resume adds its time to the finished invocation's instead of replacing it
        assertTrue(wall(out) > first, "wall time " + wall(out) + " after " + first);
        Cli other = overlap("exit-times", "--model", MODEL, "--engine", "chain", "--seeds", "8", "--set", "d=600",
                "--out", out.toString(), "--resume");
        assertEquals(2, other.code(), "another model is still another experiment: " + other.err());
    }

    private static double wall(Path dir) throws IOException {
        return dev.overlap.io.Json.mapper().readTree(dir.resolve("summary.json").toFile()).path("wallSeconds").asDouble();
    }
}
