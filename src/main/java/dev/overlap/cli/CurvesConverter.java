package dev.overlap.cli;

import dev.overlap.experiment.MonteCarlo;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads --curves (none, risk or overlaps) through {@link MonteCarlo.Curves#parse}. */
final class CurvesConverter implements ITypeConverter<MonteCarlo.Curves> {
    @Override
    public MonteCarlo.Curves convert(String value) {
        try {
            return MonteCarlo.Curves.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
