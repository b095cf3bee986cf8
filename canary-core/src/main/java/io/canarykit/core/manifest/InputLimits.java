package io.canarykit.core.manifest;

/**
 * How much one manifest source may cost to read. Reading is bounded by these, not by the heap: a
 * YAML "billion laughs" or a megabyte of brackets becomes a violation naming the limit, in
 * milliseconds. The limits sit far above any real Canary (Kubernetes itself stores at most 1.5 MiB
 * per object, and Flagger's deepest field is about a dozen levels down).
 */
public final class InputLimits {

    /** Characters (code points) per source, all documents together: twice the API server's object limit. */
    public static final int MAX_CHARACTERS = 3 * 1024 * 1024;

    /**
     * Characters per YAML line. SnakeYAML's cost grows with the square of a line's length (its
     * reader copies the window it holds on each refill): one 3 MiB line allocates some 16 GiB and
     * takes seconds, while a 64 KiB line costs milliseconds. Real manifests stay far below (a long
     * PromQL query is a few KiB); JSON, which kubectl and the operator write on one line, has no
     * such limit.
     */
    public static final int MAX_YAML_LINE = 64 * 1024;

    /** Nested mappings and lists per document. */
    public static final int MAX_NESTING_DEPTH = 64;

    /** YAML aliases ({@code *name}) per source. */
    public static final int MAX_ALIASES = 100;

    /** Values per source once aliases are expanded: what stops an exponential alias fan-out. */
    public static final int MAX_NODES = 200_000;

    private InputLimits() {
    }
}
