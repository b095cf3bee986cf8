package io.canarykit.api.model;

import java.util.List;

/** Label and annotation keys on generated Services that CanaryKit must leave alone. */
public record UnmanagedMetadata(List<String> annotations, List<String> labels) {

    public UnmanagedMetadata {
        annotations = Copies.list(annotations);
        labels = Copies.list(labels);
    }
}
