package dev.overlap.cli;

import dev.overlap.engine.EngineKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an engine's name on the command line through {@link EngineKind#parse}, the one place names are read. */
final class EngineKindConverter implements ITypeConverter<EngineKind> {
    @Override
    public EngineKind convert(String value) {
        try {
            return EngineKind.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
