package dev.overlap.modelfile;

import dev.overlap.modelfile.Kinds.Activation;
import dev.overlap.modelfile.Kinds.Target;
import java.util.List;

/**
 * The teacher: k rows w*_r with |w*_r|² = d, label from the fields ν_r = w*_r·x/√d plus √noise·ξ.
 * {@code indices} are the input coordinates carrying the teacher rows for Rademacher inputs
 * (w*_r = √d·e_{indices[r]}, 0-based).
 */
public record TeacherSpec(Target target, int k, Activation activation, double noise, List<Integer> indices) {
    public TeacherSpec {
        indices = List.copyOf(indices);
    }
}
