package dev.overlap.cli;

import dev.overlap.experiment.OutputFolder;
import dev.overlap.io.AtomicFiles;
import dev.overlap.spec.UsageException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * Writes a Slurm job array that runs an experiment as n shards, one array task each, and a merge job
 * that starts when every task has succeeded (--dependency=afterok), then prints the line that submits
 * both. The experiment's own arguments pass through unchanged; --shard and --out are set per task.
 */
@Command(name = "slurm", mixinStandardHelpOptions = true,
        description = "Write a Slurm job array of n shards of an experiment (exit-times, compare, sample-complexity: each "
                + "task a --shard i/n; validate: each task some of the claims) and a dependent merge job; print the "
                + "sbatch line. Example: overlap slurm exit-times --model m.yaml --engine chain --seeds 1000 "
                + "--shards 10 --out runs/x")
final class SlurmCommand implements Callable<Integer> {
    /** The commands that run as shards of replicas. */
    private static final List<String> SHARDED = List.of("exit-times", "compare", "sample-complexity");

    @Parameters(index = "0", paramLabel = "COMMAND",
            description = "The experiment to run: exit-times, compare, sample-complexity or validate.")
    String command;

    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Option(names = "--shards", required = true, paramLabel = "N", description = "Array tasks, one shard each.")
    int shards;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder of the job: slurm/ (scripts, logs), shards/<i>/ and merged/.")
    Path out;

    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition (default: the cluster's).")
    String partition;

    @Option(names = "--time", paramLabel = "T", defaultValue = "01:00:00", description = "Time limit per task (default: ${DEFAULT-VALUE}).")
    String time;

    @Option(names = "--cpus", paramLabel = "C", defaultValue = "1", description = "CPUs per task, also its --threads (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = "--mem", paramLabel = "M", defaultValue = "2G", description = "Memory per task (default: ${DEFAULT-VALUE}).")
    String mem;

    @Override
    public Integer call() {
        boolean validate = command.equals("validate");
        if (!validate && !SHARDED.contains(command)) {
            throw new UsageException("command line: slurm runs exit-times, compare, sample-complexity or validate, got '"
                    + command + "'");
        }
        if (shards < 1 || cpus < 1) {
            throw new UsageException("command line: --shards and --cpus: must be at least 1");
        }
        for (String a : arguments) {
            if (a.equals("--shard") || a.startsWith("--shard=") || a.equals("--out") || a.startsWith("--out=")
                    || a.equals("--threads") || a.startsWith("--threads=")) {
                throw new UsageException("command line: " + a + ": set by slurm for each task (use slurm's --out, --cpus)");
            }
        }
        Path dir = out.toAbsolutePath();
        Path slurm = dir.resolve("slurm");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String launch = quote(java) + " " + launcher();
        List<String> passed = new ArrayList<>(arguments);
        List<String> claims = validate ? claims(passed) : List.of();
        if (validate) {
            shards = Math.min(shards, claims.size());
        }
        String args = passed.stream().map(SlurmCommand::quote).collect(Collectors.joining(" "));
        String header = "#!/bin/bash\n"
                + (partition != null ? "#SBATCH --partition=" + partition + "\n" : "")
                + "#SBATCH --time=" + time + "\n#SBATCH --cpus-per-task=" + cpus + "\n#SBATCH --mem=" + mem + "\n";
        String array = header
                + "#SBATCH --job-name=overlap-shards\n"
                + "#SBATCH --array=0-" + (shards - 1) + "\n"
                + "#SBATCH --output=" + slurm.resolve("shard-%a.log") + "\n"
                + (validate ? validateTask(claims, launch, args, dir) : shardTask(launch, args, dir));
        StringBuilder shardDirs = new StringBuilder();
        for (int i = 0; i < shards; i++) {
            shardDirs.append(' ').append(quote(dir.resolve("shards").resolve(Integer.toString(i)).toString()));
        }
        String merge = header
                + "#SBATCH --job-name=overlap-merge\n"
                + "#SBATCH --output=" + slurm.resolve("merge.log") + "\n"
                + "set -euo pipefail\n"
                + launch + " merge" + shardDirs + " --out "
                + quote(dir.resolve("merged").toString()) + "\n";
        String submit = "#!/bin/bash\n# Submits the array, then the merge once every array task has succeeded.\nset -euo pipefail\n"
                + "array=$(sbatch --parsable " + quote(slurm.resolve("array.sh").toString()) + ")\n"
                + "merge=$(sbatch --parsable --dependency=afterok:${array%%;*} " + quote(slurm.resolve("merge.sh").toString()) + ")\n"
                + "echo \"submitted array job $array and merge job $merge\"\n";
        try (OutputFolder folder = OutputFolder.open(dir)) {
            executable(slurm.resolve("array.sh"), array);
            executable(slurm.resolve("merge.sh"), merge);
            executable(slurm.resolve("submit.sh"), submit);
        }
        System.out.println("wrote " + slurm.resolve("array.sh") + " (" + shards + " array tasks), " + slurm.resolve("merge.sh")
                + " and " + slurm.resolve("submit.sh") + "; submit with:");
        System.out.println("bash " + quote(slurm.resolve("submit.sh").toString()));
        return 0;
    }

    /** Task i runs shard i/n of the replicas, resuming what an earlier attempt finished. */
    private String shardTask(String launch, String args, Path dir) {
        return "# Shard i of " + shards + ": replicas i, i+" + shards + ", ... of the experiment; resumes if rerun.\n"
                + "set -euo pipefail\n"
                + "cd " + quote(Path.of("").toAbsolutePath().toString()) + "\n"
                + launch + " " + command + " " + args + " --threads " + cpus
                + " --shard \"$SLURM_ARRAY_TASK_ID/" + shards + "\" --out " + quote(dir.resolve("shards").toString())
                + "/\"$SLURM_ARRAY_TASK_ID\" --resume\n";
    }

    /**
     * Task i runs claims i, i+n, ... (round robin in report order); a claim that FAILs (exit 3) is a result,
     * not a failed task, so the merge still runs.
     */
    private String validateTask(List<String> claims, String launch, String args, Path dir) {
        StringBuilder lists = new StringBuilder("claims=(");
        for (int i = 0; i < shards; i++) {
            List<String> mine = new ArrayList<>();
            for (int c = i; c < claims.size(); c += shards) {
                mine.add(claims.get(c));
            }
            lists.append(i == 0 ? "" : " ").append(String.join(",", mine));
        }
        lists.append(")\n");
        return "# Task i runs claims i, i+" + shards + ", ... of the validation; a rerun reuses finished claims.\n"
                + "set -uo pipefail\n"
                + "cd " + quote(Path.of("").toAbsolutePath().toString()) + "\n"
                + lists
                + launch + " validate " + args + " --threads " + cpus + " --only \"${claims[$SLURM_ARRAY_TASK_ID]}\" --out "
                + quote(dir.resolve("shards").toString()) + "/\"$SLURM_ARRAY_TASK_ID\" --resume\n"
                + "code=$?\n"
                + "[ \"$code\" -eq 0 ] || [ \"$code\" -eq " + ValidateCommand.CLAIM_FAILED + " ]\n";
    }

    /** The claims validate would run (its --only, else all), removing --only from the arguments passed on. */
    private static List<String> claims(List<String> arguments) {
        List<String> only = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String a = arguments.get(i);
            if (a.equals("--only") && i + 1 < arguments.size()) {
                only.addAll(List.of(arguments.get(i + 1).split(",")));
                arguments.remove(i + 1);
                arguments.remove(i--);
            } else if (a.startsWith("--only=")) {
                only.addAll(List.of(a.substring("--only=".length()).split(",")));
                arguments.remove(i--);
            }
        }
        return dev.overlap.validation.Claims.select(only).stream().map(dev.overlap.validation.Claim::id).toList();
    }

    private static void executable(Path file, String text) {
        AtomicFiles.write(file, w -> w.write(text));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            // run with "bash script" where permissions cannot be set
        }
    }

    /** How the tasks start this very program: its jar, or (from classes) its class path and main class. */
    private static String launcher() {
        try {
            Path code = Path.of(SlurmCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(code) ? "-jar " + quote(code.toAbsolutePath().toString())
                    : "-cp " + quote(System.getProperty("java.class.path")) + " " + OverlapCommand.class.getName();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A shell word: quoted unless it is plainly safe. */
    static String quote(String word) {
        return word.matches("[A-Za-z0-9_./=:,+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
