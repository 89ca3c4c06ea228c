package dev.overlap.modelfile;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Model-file spelling of enum constants: {@code RISK_DROP} is written {@code risk-drop}. */
public final class Choice {
    private Choice() {
    }

    public static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (name(e).equals(text)) {
                return e;
            }
        }
        return null;
    }

    static <E extends Enum<E>> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::name).collect(Collectors.joining(" | "));
    }
}
