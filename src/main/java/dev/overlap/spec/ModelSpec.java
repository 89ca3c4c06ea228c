package dev.overlap.spec;

import dev.overlap.spec.Kinds.InputLaw;

/**
 * A validated model file with every default filled in. See DESIGN.md, "Model files", for the
 * meaning of each key; the record components follow the file's sections.
 */
public record ModelSpec(String name, InputLaw inputs, int d, TeacherSpec teacher, StudentSpec student,
                        TrainingSpec training, InitialSpec initial, ExitSpec exit, RunSpec run) {
}
