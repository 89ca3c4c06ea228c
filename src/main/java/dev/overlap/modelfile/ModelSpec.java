package dev.overlap.modelfile;

import dev.overlap.modelfile.Kinds.InputLaw;

/**
 * A validated model file with every default filled in. See README.md, "Model files", for the
 * meaning of each key; the record components follow the file's sections.
 */
public record ModelSpec(String name, InputLaw inputs, int d, TeacherSpec teacher, StudentSpec student,
                        TrainingSpec training, InitialSpec initial, ExitSpec exit, ObserveSpec observe, RunSpec run,
                        Origin origin) {

    /** The same model in another dimension (validate the result's d ≥ p + k before use). */
    public ModelSpec withD(int dimension) {
        return new ModelSpec(name, inputs, dimension, teacher, student, training, initial, exit, observe, run, origin);
    }

    /** Equal models hold the same values, wherever they were read from ({@code origin} is left out). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && name.equals(m.name) && inputs == m.inputs && d == m.d
                && teacher.equals(m.teacher) && student.equals(m.student) && training.equals(m.training)
                && initial.equals(m.initial) && exit.equals(m.exit) && observe.equals(m.observe) && run.equals(m.run);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, inputs, d, teacher, student, training, initial, exit, observe, run);
    }

    /** The same model with another initial condition. */
    public ModelSpec withInitial(InitialSpec newInitial) {
        return new ModelSpec(name, inputs, d, teacher, student, training, newInitial, exit, observe, run, origin);
    }

    /** The same model with another exit section. */
    public ModelSpec withExit(ExitSpec newExit) {
        return new ModelSpec(name, inputs, d, teacher, student, training, initial, newExit, observe, run, origin);
    }
}
