package dev.overlap.spec;

import dev.overlap.spec.Kinds.InputLaw;

/**
 * A validated model file with every default filled in. See README.md, "Model files", for the
 * meaning of each key; the record components follow the file's sections.
 */
public record ModelSpec(String name, InputLaw inputs, int d, TeacherSpec teacher, StudentSpec student,
                        TrainingSpec training, InitialSpec initial, ExitSpec exit, ObserveSpec observe, RunSpec run) {

    /** The same model in another dimension (validate the result's d ≥ p + k before use). */
    public ModelSpec withD(int dimension) {
        return new ModelSpec(name, inputs, dimension, teacher, student, training, initial, exit, observe, run);
    }

    /** The same model with another exit section. */
    public ModelSpec withExit(ExitSpec newExit) {
        return new ModelSpec(name, inputs, d, teacher, student, training, initial, newExit, observe, run);
    }
}
