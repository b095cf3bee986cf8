package io.canarykit.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** One way to bend a manifest tree, applied at a place chosen by a {@link Random} the property drives. */
enum Mutation {
    DROP_FIELD,
    SWAP_TYPE,
    EXTREME_NUMBER,
    UNICODE_TEXT,
    DEEP_NESTING,
    HUGE_STRING,
    RENAME_FIELD,
    DUPLICATE_ENTRY,
    EMPTY_CONTAINER;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> UNICODE = List.of("\u202Eevil", "zero\u200Bwidth", "\uD83D\uDE00\uD83D\uDC24",
            "\u0000nul", "ÅngströmΩ", "\uFEFFbom", "line\nbreak\ttab", "\"quoted'", "{{ target }}", "*alias", "&anchor",
            "!!binary", "---", "...", "#comment", "- dash", "? key", "%TAG", "\u00e9\u0301", "\uFFFF");
    private static final List<String> NAMES = List.of("metadata", "spec", "kind", "apiVersion", "analysis", "metrics",
            "webhooks", "thresholdRange", "stepWeight", "maxWeight", "interval", "threshold", "iterations", "match",
            "provider", "query", "templateRef", "secretRef", "targetRef", "service", "port", "name", "url", "<<");

    void apply(ObjectNode root, Random random) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            return;
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        switch (this) {
            case DROP_FIELD -> slot.remove();
            case SWAP_TYPE -> slot.set(otherType(slot.get(), random));
            case EXTREME_NUMBER -> slot.set(extremeNumber(random));
            case UNICODE_TEXT -> slot.set(NODES.textNode(unicode(random)));
            case DEEP_NESTING -> slot.set(nested(random.nextInt(1, InputLimits.MAX_NESTING_DEPTH + 8), random));
            case HUGE_STRING -> slot.set(NODES.textNode(huge(random)));
            case RENAME_FIELD -> slot.rename(random.nextBoolean() ? NAMES.get(random.nextInt(NAMES.size())) : unicode(random));
            case DUPLICATE_ENTRY -> slot.duplicate();
            case EMPTY_CONTAINER -> slot.set(random.nextBoolean() ? NODES.objectNode() : NODES.arrayNode());
        }
    }

    private static JsonNode otherType(JsonNode value, Random random) {
        JsonNode[] choices = {NODES.textNode(value.isTextual() ? "12" : value.toString()), NODES.numberNode(random.nextInt()),
            NODES.booleanNode(random.nextBoolean()), NODES.nullNode(), NODES.arrayNode().add(value.deepCopy()),
            NODES.objectNode().set("value", value.deepCopy()), NODES.numberNode(random.nextDouble() * 100)};
        return choices[random.nextInt(choices.length)];
    }

    private static JsonNode extremeNumber(Random random) {
        JsonNode[] choices = {NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE),
            NODES.numberNode((long) Integer.MAX_VALUE + 1), NODES.numberNode(Integer.MIN_VALUE), NODES.numberNode(-1),
            NODES.numberNode(0), NODES.numberNode(Double.MAX_VALUE), NODES.numberNode(-Double.MAX_VALUE),
            NODES.numberNode(Double.MIN_VALUE), NODES.numberNode(-0.0), NODES.numberNode(1e-320),
            NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
            NODES.numberNode(new java.math.BigDecimal("1e400")), NODES.textNode("NaN"), NODES.textNode(".inf"),
            NODES.textNode("-.inf"), NODES.textNode("0x1F"), NODES.textNode("1_000")};
        return choices[random.nextInt(choices.length)];
    }

    private static String unicode(Random random) {
        StringBuilder text = new StringBuilder(UNICODE.get(random.nextInt(UNICODE.size())));
        for (int i = random.nextInt(8); i > 0; i--) {
            int codePoint = random.nextInt(0x20, 0x10FFFF);
            if (codePoint < 0xD800 || codePoint > 0xDFFF) {
                text.appendCodePoint(codePoint);
            }
        }
        return text.toString();
    }

    private static JsonNode nested(int depth, Random random) {
        JsonNode node = NODES.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("n", node);
        }
        return node;
    }

    /**
     * Mostly sizes a manifest might plausibly carry, one in ten up to 256 KiB. Sources past the
     * character limit are {@code InputLimitsTest}'s: refusing them costs a length check, producing them here would
     * cost most of the run.
     */
    private static String huge(Random random) {
        int length = random.nextInt(10) == 0 ? random.nextInt(20_000, 256 * 1024) : random.nextInt(1_000, 20_000);
        return String.valueOf((char) ('a' + random.nextInt(26))).repeat(length);
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                slots.add(new FieldSlot(object, name));
                collect(object.get(name), slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new ItemSlot(array, i));
                collect(array.get(i), slots);
            }
        }
    }

    /** A place in the tree that holds a value. */
    private interface Slot {
        JsonNode get();

        void set(JsonNode value);

        void remove();

        void rename(String name);

        void duplicate();
    }

    private record FieldSlot(ObjectNode parent, String name) implements Slot {
        public JsonNode get() {
            return parent.get(name);
        }

        public void set(JsonNode value) {
            parent.set(name, value);
        }

        public void remove() {
            parent.remove(name);
        }

        public void rename(String newName) {
            JsonNode value = parent.remove(name);
            parent.set(newName, value);
        }

        public void duplicate() {
            parent.set(name + "-copy", get().deepCopy());
        }
    }

    private record ItemSlot(ArrayNode parent, int index) implements Slot {
        public JsonNode get() {
            return parent.get(index);
        }

        public void set(JsonNode value) {
            parent.set(index, value);
        }

        public void remove() {
            parent.remove(index);
        }

        public void rename(String name) {
            parent.set(index, NODES.objectNode().set(name, get()));
        }

        public void duplicate() {
            parent.add(get().deepCopy());
        }
    }
}
