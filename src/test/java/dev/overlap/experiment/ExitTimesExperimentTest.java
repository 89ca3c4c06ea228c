package dev.overlap.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.cli.OverlapCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitTimesExperimentTest {
    @TempDir
    Path tmp;

    private static int overlap(StringWriter err, String... args) {
        return OverlapCommand.commandLine().setErr(new PrintWriter(err, true)).execute(args);
    }

    private static List<String> args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("exit-times", "--model", "models/phase-retrieval-p1.yaml", "--engine",
                "chain", "--d", "400", "--seeds", "24", "--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void sameFileWhateverTheThreadCount() throws IOException {
        StringWriter err = new StringWriter();
        assertEquals(0, overlap(err, args(tmp.resolve("one"), "--threads", "1").toArray(String[]::new)), err.toString());
        assertEquals(0, overlap(err, args(tmp.resolve("two"), "--threads", "2").toArray(String[]::new)), err.toString());
        assertEquals(Files.readString(tmp.resolve("one/exit_times.csv")), Files.readString(tmp.resolve("two/exit_times.csv")));
        assertEquals(25, Files.readAllLines(tmp.resolve("one/exit_times.csv")).size());
    }

    /** An interrupted run (a budget of 10 replicas) resumed gives the file of an uninterrupted run. */
    @Test
    void resumeCompletesAnInterruptedRunExactly() throws IOException {
        StringWriter err = new StringWriter();
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        assertEquals(0, overlap(err, args(whole).toArray(String[]::new)), err.toString());
        assertEquals(0, overlap(err, args(parts, "--budget", "10").toArray(String[]::new)), err.toString());
        assertEquals(11, Files.readAllLines(parts.resolve("exit_times.csv")).size(), "10 replicas after the interruption");
        assertEquals(0, overlap(err, args(parts, "--resume", "--threads", "1").toArray(String[]::new)), err.toString());
        assertEquals(Files.readString(whole.resolve("exit_times.csv")), Files.readString(parts.resolve("exit_times.csv")));
    }

    /** An unfinished experiment needs --resume; another experiment is refused with or without it. */
    @Test
    void refusesToOverwriteOrToResumeAnotherExperiment() {
        Path out = tmp.resolve("exp");
        StringWriter err = new StringWriter();
        assertEquals(0, overlap(err, args(out, "--budget", "2").toArray(String[]::new)));
        StringWriter again = new StringWriter();
        assertEquals(2, overlap(again, args(out).toArray(String[]::new)));
        assertTrue(again.toString().contains("already holds an experiment: resume it"), again.toString());
        StringWriter other = new StringWriter();
        List<String> a = args(out, "--resume");
        a.set(a.indexOf("400"), "500");
        assertEquals(2, overlap(other, a.toArray(String[]::new)));
        assertTrue(other.toString().contains("holds a different experiment"), other.toString());
    }

    /**
     * The same command on a finished experiment's folder exits 0 and leaves its exit times as they were (nothing is
     * run again); a different experiment there is still refused with the resume/new-folder advice.
     */
    @Test
    void aFinishedExperimentRepeatsAndAnotherIsRefused() throws IOException {
        Path out = tmp.resolve("done");
        StringWriter err = new StringWriter();
        assertEquals(0, overlap(err, args(out).toArray(String[]::new)), err.toString());
        String first = Files.readString(out.resolve("exit_times.csv"));
        StringWriter again = new StringWriter();
        assertEquals(0, overlap(again, args(out).toArray(String[]::new)), again.toString());
        assertEquals(first, Files.readString(out.resolve("exit_times.csv")));
        assertTrue(Files.exists(out.resolve("summary.json")));
        StringWriter other = new StringWriter();
        List<String> a = args(out);
        a.set(a.indexOf("400"), "500");
        assertEquals(2, overlap(other, a.toArray(String[]::new)));
        assertTrue(other.toString().contains("already holds an experiment: resume it"), other.toString());
        assertEquals(first, Files.readString(out.resolve("exit_times.csv")));
    }
}
