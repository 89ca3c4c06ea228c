package dev.overlap.cli;

import dev.overlap.report.FigureSize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** --size, for every command that draws figures. */
final class FigureOptions {
    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "screen", converter = SizeConverter.class,
            description = "Figure size: screen (a 1100x620-pixel PNG, the default), column (3.4x2.5 in, one column of a "
                    + "two-column paper), page (7x4 in) or WxH in inches (e.g. 5x3); at a print size fonts are 7-9 pt and "
                    + "PNGs 300 pixels per inch.")
    FigureSize size = FigureSize.SCREEN;

    /** Reads --size through {@link FigureSize#parse}. */
    static final class SizeConverter implements ITypeConverter<FigureSize> {
        @Override
        public FigureSize convert(String value) {
            try {
                return FigureSize.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
