package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts overlap slurm writes (their run on a real Slurm is scripts/slurm-local-test, which CI runs
 * as root): one array task per shard with its --shard, a merge of every shard folder, and a submit line
 * that makes the merge wait for the whole array.
 */
class SlurmCommandTest {
    @TempDir
    Path tmp;

    private static int overlap(StringWriter err, String... args) {
        return OverlapCommand.commandLine().setErr(new PrintWriter(err, true))
                .setOut(new PrintWriter(new StringWriter(), true)).execute(args);
    }

    @Test
    void writesAnArrayAMergeAndTheirDependency() throws IOException {
        Path out = tmp.resolve("job");
        StringWriter err = new StringWriter();
        assertEquals(0, overlap(err, "slurm", "exit-times", "--model", "models/phase-retrieval-p1.yaml", "--engine", "chain",
                "--seeds", "40", "--shards", "5", "--partition", "short", "--cpus", "2", "--out", out.toString()), err.toString());
        String array = Files.readString(out.resolve("slurm/array.sh"));
        assertTrue(array.contains("#SBATCH --array=0-4") && array.contains("#SBATCH --partition=short")
                && array.contains("#SBATCH --cpus-per-task=2"), array);
        assertTrue(array.contains("--shard \"$SLURM_ARRAY_TASK_ID/5\"") && array.contains("--threads 2")
                && array.contains("--resume"), array);
        String merge = Files.readString(out.resolve("slurm/merge.sh"));
        for (int i = 0; i < 5; i++) {
            assertTrue(merge.contains(out.toAbsolutePath().resolve("shards").resolve(Integer.toString(i)).toString()), merge);
        }
        assertTrue(Files.readString(out.resolve("slurm/submit.sh")).contains("--dependency=afterok:"));
    }

    @Test
    void refusesWhatItSetsItselfAndOtherCommands() {
        StringWriter err = new StringWriter();
        assertEquals(2, overlap(err, "slurm", "exit-times", "--model", "m.yaml", "--shard", "0/2", "--shards", "2", "--out",
                tmp.resolve("a").toString()));
        assertTrue(err.toString().contains("--shard: set by slurm"), err.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(2, overlap(err2, "slurm", "run", "--shards", "2", "--out", tmp.resolve("b").toString()));
        assertTrue(err2.toString().contains("slurm runs exit-times, compare, sample-complexity or validate"), err2.toString());
    }

    /** validate runs its claims round robin over the tasks, and a FAILing claim does not stop the merge. */
    @Test
    void validateRunsItsClaimsAsArrayTasks() throws IOException {
        Path out = tmp.resolve("v");
        StringWriter err = new StringWriter();
        assertEquals(0, overlap(err, "slurm", "validate", "--quick", "--only", "em-closed-form,em-d-log-d,xor-reduced",
                "--shards", "2", "--out", out.toString()), err.toString());
        String array = Files.readString(out.resolve("slurm/array.sh"));
        assertTrue(array.contains("claims=(em-closed-form,xor-reduced em-d-log-d)"), array);
        assertTrue(array.contains("#SBATCH --array=0-1") && array.contains("--only \"${claims[$SLURM_ARRAY_TASK_ID]}\"")
                && array.contains("validate --quick"), array);
        assertTrue(array.contains("[ \"$code\" -eq 3 ]"), array);
        String sharded = Files.readString(tmp.resolve("v").resolve("slurm/merge.sh"));
        assertTrue(sharded.contains(" merge "), sharded);
        StringWriter err3 = new StringWriter();
        assertEquals(0, overlap(err3, "slurm", "compare", "--model", "models/phase-retrieval-p1.yaml", "--shards", "3",
                "--out", tmp.resolve("c").toString()), err3.toString());
        assertTrue(Files.readString(tmp.resolve("c/slurm/array.sh")).contains(" compare --model"));
    }

    /** Runs slurm with these extra arguments after a valid experiment; returns {exit code, stderr}. */
    private Object[] slurm(Path out, String... extra) {
        StringWriter err = new StringWriter();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("slurm", "exit-times", "--model",
                "models/phase-retrieval-p1.yaml", "--engine", "chain", "--seeds", "8", "--shards", "2", "--out", out.toString()));
        args.addAll(java.util.List.of(extra));
        int code = overlap(err, args.toArray(String[]::new));
        return new Object[] {code, err.toString()};
    }

    /**
     * A value that would change a script's meaning is refused with exit 2 before anything is written: a newline in
     * any value (it would start a shell line, or end the #SBATCH block), and anything but a plain Slurm value on an
     * #SBATCH line (spaces would slip in further sbatch options). Without the checks the first case exits 0 and writes
     * its scripts (shown while writing this test).
     */
    @Test
    void refusesValuesThatWouldChangeTheScripts() {
        String[][] hostile = {
            {"--partition", "short\ntouch X"}, {"--time", "01:00:00\nrm -rf /"}, {"--mem", "2G --wrap=x"},
            {"--partition", "a b"}, {"--account", "$(id)"}, {"--qos", "x;y"}, {"--sbatch", "--comment=a b"},
            {"--sbatch", "--wrap=$(id)"}, {"--sbatch", "#x"}, {"--prelude", "module load java\ntouch X"},
            {"--java", "/usr/bin/java\nx"}, {"--set", "name=a\nb"}};
        for (String[] h : hostile) {
            Path out = tmp.resolve("h" + Math.abs(java.util.Arrays.hashCode(h)));
            String value = h[1].replace("\\n", "\n");
            Object[] r = slurm(out, h[0], value);
            assertEquals(2, r[0], h[0] + " " + value + ": " + r[1]);
            assertTrue(((String) r[1]).startsWith("error: command line:") && ((String) r[1]).lines().count() == 1,
                    h[0] + ": " + r[1]);
            assertTrue(!Files.exists(out), "nothing written for " + h[0]);
        }
        Object[] spaced = slurm(tmp.resolve("with space"));
        assertEquals(2, spaced[0], (String) spaced[1]);
        assertTrue(((String) spaced[1]).contains("--out"), (String) spaced[1]);
    }

    /** What can only fail on the cluster fails here: unknown options, a missing model, a bad engine, too many shards. */
    @Test
    void checksTheInnerCommandBeforeWriting() {
        String[][] bad = {{"--bogus"}, {"--account", "p", "--engine", "foo"}};
        for (String[] b : bad) {
            Path out = tmp.resolve("b" + b.length);
            Object[] r = slurm(out, b);
            assertEquals(2, r[0], String.join(" ", b) + ": " + r[1]);
            assertTrue(!Files.exists(out));
        }
        StringWriter err = new StringWriter();
        assertEquals(2, overlap(err, "slurm", "exit-times", "--model", tmp.resolve("missing.yaml").toString(), "--engine",
                "chain", "--shards", "2", "--out", tmp.resolve("m").toString()));
        assertTrue(err.toString().contains("missing.yaml"), err.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(2, overlap(err2, "slurm", "exit-times", "--model", "models/phase-retrieval-p1.yaml", "--engine", "chain",
                "--set", "training.learning-rate=-1", "--shards", "2", "--out", tmp.resolve("lr").toString()));
        assertTrue(err2.toString().contains("learning-rate"), err2.toString());
        Object[] huge = slurm(tmp.resolve("huge"), "--shards", "2147483647");
        assertEquals(2, huge[0]);
        assertTrue(((String) huge[1]).contains("--shards"), (String) huge[1]);
    }

    /** --account, --qos, --sbatch and --prelude reach both jobs; java comes from the job's PATH unless --java names one. */
    @Test
    void passesClusterOptionsAndUsesTheJobsJava() throws IOException {
        Path out = tmp.resolve("opts");
        Object[] r = slurm(out, "--account", "myproj", "--qos", "high", "--sbatch", "--constraint=avx2", "--sbatch",
                "--mail-type=END", "--prelude", "module load java/17");
        assertEquals(0, r[0], (String) r[1]);
        for (String script : new String[] {"array.sh", "merge.sh"}) {
            String text = Files.readString(out.resolve("slurm").resolve(script));
            assertTrue(text.contains("#SBATCH --account=myproj\n") && text.contains("#SBATCH --qos=high\n")
                    && text.contains("#SBATCH --constraint=avx2\n") && text.contains("#SBATCH --mail-type=END\n")
                    && text.contains("\nmodule load java/17\n") && text.contains("\njava -"), script + ":\n" + text);
        }
        Path other = tmp.resolve("java");
        assertEquals(0, slurm(other, "--java", "/opt/jdk 17/bin/java")[0]);
        assertTrue(Files.readString(other.resolve("slurm/array.sh")).contains("'/opt/jdk 17/bin/java' -"));
    }
}
