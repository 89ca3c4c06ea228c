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
}
