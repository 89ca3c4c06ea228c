package dev.overlap.cli;

/** A command that runs a model file: what `slurm` loads before it writes a job, so a bad model fails now. */
interface ModelCommand {
    ModelOptions modelOptions();
}
