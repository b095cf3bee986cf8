package io.canarykit.api.model;

/**
 * An enum whose manifest spelling differs from its Java constant ({@code confirm-rollout},
 * {@code Progressing}). {@code toString()} returns the wire name, so serializers configured to
 * read and write enums through {@code toString()} speak the manifest's language.
 */
public interface WireEnum {

    /** The spelling used in manifests and on the wire. */
    String wireName();

    /** Finds the constant spelled {@code wire}, comparing exactly. */
    static <E extends Enum<E> & WireEnum> java.util.Optional<E> fromWire(Class<E> type, String wire) {
        for (E e : type.getEnumConstants()) {
            if (e.wireName().equals(wire)) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }

    /** Every wire name of {@code type}, in declaration order, for error messages. */
    static <E extends Enum<E> & WireEnum> java.util.List<String> wireNames(Class<E> type) {
        return java.util.Arrays.stream(type.getEnumConstants()).map(WireEnum::wireName).toList();
    }
}
