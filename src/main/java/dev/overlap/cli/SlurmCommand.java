package dev.overlap.cli;

import dev.overlap.experiment.OutputFolder;
import dev.overlap.io.AtomicFiles;
import dev.overlap.experiment.Shard;
import dev.overlap.modelfile.UsageException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--account", paramLabel = "A", description = "Slurm account to charge (default: the user's).")
    String account;

    @Option(names = "--qos", paramLabel = "Q", description = "Slurm quality of service (default: the cluster's).")
    String qos;

    @Option(names = "--sbatch", paramLabel = "OPTION", description = "Any other sbatch option, one --name=value without "
            + "spaces per use, e.g. --sbatch --constraint=avx2 (repeatable); written as an #SBATCH line of both jobs.")
    List<String> sbatch = new ArrayList<>();

    @Option(names = "--prelude", paramLabel = "LINE", description = "A shell line run before overlap in every job, e.g. "
            + "--prelude 'module load java/17' (repeatable).")
    List<String> prelude = new ArrayList<>();

    @Option(names = "--java", paramLabel = "PATH", description = "The java the jobs run (default: java on the job's PATH).")
    String java;

    /** Array tasks at most: far above any cluster's MaxArraySize, and what keeps the merge's command line bounded. */
    static final int MAX_SHARDS = Shard.MAX_COUNT;

    /** Slurm names (partition, account, qos; comma lists): letters, digits and . _ - : + , only. */
    private static final String NAME = "[A-Za-z0-9_.:+,-]+";

    @Override
    public Integer call() {
        boolean validate = command.equals("validate");
        if (!validate && !SHARDED.contains(command)) {
            throw new UsageException("command line: slurm runs exit-times, compare, sample-complexity or validate, got '"
                    + command + "'");
        }
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new UsageException("command line: --shards: must lie in [1, " + MAX_SHARDS + "], got " + shards);
        }
        if (cpus < 1 || cpus > 4096) {
            throw new UsageException("command line: --cpus: must lie in [1, 4096], got " + cpus);
        }
        checkValues();
        for (String a : arguments) {
            if (a.equals("--shard") || a.startsWith("--shard=") || a.equals("--out") || a.startsWith("--out=")
                    || a.equals("--threads") || a.startsWith("--threads=")) {
                throw new UsageException("command line: " + a + ": set by slurm for each task (use slurm's --out, --cpus)");
            }
        }
        Path dir = out.toAbsolutePath().normalize();
        String logs = dir.resolve("slurm").toString();
        if (!logs.matches("[A-Za-z0-9_./+,@=-]+")) {
            throw new UsageException("command line: --out: " + dir + " cannot be a Slurm log path (#SBATCH --output is cut "
                    + "at spaces and reads % as a pattern): use letters, digits and _ . / + , @ = - only");
        }
        checkInner();
        Path slurm = dir.resolve("slurm");
        // java from the job's PATH (or --java): the login node's own path may not exist on the compute nodes
        String launch = (java != null ? quote(java) : "java") + " " + launcher();
        List<String> passed = new ArrayList<>(arguments);
        List<String> claims = validate ? claims(passed) : List.of();
        if (validate) {
            shards = Math.min(shards, claims.size());
        }
        String args = passed.stream().map(SlurmCommand::quote).collect(Collectors.joining(" "));
        StringBuilder directives = new StringBuilder("#!/bin/bash\n");
        if (partition != null) {
            directives.append("#SBATCH --partition=").append(partition).append('\n');
        }
        if (account != null) {
            directives.append("#SBATCH --account=").append(account).append('\n');
        }
        if (qos != null) {
            directives.append("#SBATCH --qos=").append(qos).append('\n');
        }
        directives.append("#SBATCH --time=").append(time).append("\n#SBATCH --cpus-per-task=").append(cpus)
                .append("\n#SBATCH --mem=").append(mem).append('\n');
        for (String option : sbatch) {
            directives.append("#SBATCH ").append(option).append('\n');
        }
        String header = directives.toString();
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
                + preludeLines()
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
                + preludeLines()
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
                + preludeLines()
                + "cd " + quote(Path.of("").toAbsolutePath().toString()) + "\n"
                + lists
                + launch + " validate " + args + " --threads " + cpus + " --only \"${claims[$SLURM_ARRAY_TASK_ID]}\" --out "
                + quote(dir.resolve("shards").toString()) + "/\"$SLURM_ARRAY_TASK_ID\" --resume\n"
                + "code=$?\n"
                + "[ \"$code\" -eq 0 ] || [ \"$code\" -eq " + ValidateCommand.CLAIM_FAILED + " ]\n";
    }

    /** The --prelude lines, each on its own line. */
    private String preludeLines() {
        StringBuilder b = new StringBuilder();
        prelude.forEach(line -> b.append(line).append('\n'));
        return b.toString();
    }

    /**
     * Refuses, by name, every value that could change a script's meaning: control characters anywhere (a newline
     * would start a new shell line, or end the #SBATCH block); for what lands on an #SBATCH line, anything but the
     * plain characters Slurm's values are made of (sbatch splits those lines at spaces). Shell words are quoted.
     */
    private void checkValues() {
        noControl("--partition", partition);
        noControl("--account", account);
        noControl("--qos", qos);
        noControl("--time", time);
        noControl("--mem", mem);
        noControl("--java", java);
        noControl("--out", out.toString());
        sbatch.forEach(v -> noControl("--sbatch", v));
        prelude.forEach(v -> noControl("--prelude", v));
        arguments.forEach(v -> noControl(command, v));
        matches("--partition", partition, NAME);
        matches("--account", account, NAME);
        matches("--qos", qos, NAME);
        matches("--time", time, "(?i)\\d+(?:[-:]\\d+){0,3}|unlimited|infinite");
        matches("--mem", mem, "(?i)\\d+[KMGT]?");
        for (String option : sbatch) {
            matches("--sbatch", option, "--[A-Za-z][A-Za-z0-9-]*(?:=[^\\s'\"`$\\\\;&|<>()]+)?");
        }
    }

    private static void noControl(String name, String value) {
        if (value != null && value.chars().anyMatch(ch -> Character.isISOControl(ch) || ch == 0x2028 || ch == 0x2029)) {
            throw new UsageException("command line: " + name + ": a value holds a control character (such as a newline), "
                    + "which would change the job script: " + value.replaceAll("\\p{Cntrl}", "?"));
        }
    }

    private static void matches(String name, String value, String pattern) {
        if (value != null && !value.matches(pattern)) {
            throw new UsageException("command line: " + name + ": '" + value + "' is not a plain Slurm value (it is written "
                    + "on an #SBATCH line, which sbatch splits at spaces)");
        }
    }

    /**
     * Parses the inner command with the very command it will run, and loads its model file, so that an unknown option,
     * a bad value or a bad model fails here with exit code 2 instead of in every array task on the cluster.
     */
    private void checkInner() {
        List<String> line = new ArrayList<>();
        line.add(command);
        line.addAll(arguments);
        picocli.CommandLine.ParseResult parsed;
        try {
            parsed = OverlapCommand.commandLine().parseArgs(line.toArray(String[]::new));
        } catch (picocli.CommandLine.ParameterException e) {
            throw new UsageException("command line: " + command + ": " + e.getMessage().replaceAll("\\s*\\R\\s*", " "), e);
        }
        if (parsed.subcommand() != null && parsed.subcommand().commandSpec().userObject() instanceof ModelCommand inner) {
            inner.modelOptions().load(Map.of());
        }
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
