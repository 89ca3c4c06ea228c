package dev.overlap.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;

/** Pretty-printed JSON files, written atomically. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static void write(Path file, Object tree) {
        AtomicFiles.write(file, out -> MAPPER.writeValue(new NonClosing(out), tree));
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Jackson closes the writer it is given; the atomic writer owns it. */
    private static final class NonClosing extends java.io.FilterWriter {
        NonClosing(java.io.Writer out) {
            super(out);
        }

        @Override
        public void close() throws java.io.IOException {
            flush();
        }
    }
}
