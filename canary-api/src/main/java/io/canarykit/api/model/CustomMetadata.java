package io.canarykit.api.model;

import java.util.Map;

/** Labels and annotations for a generated object ({@code service.apex|primary|canary}). */
public record CustomMetadata(Map<String, String> labels, Map<String, String> annotations) {

    public static final CustomMetadata EMPTY = new CustomMetadata(Map.of(), Map.of());

    public CustomMetadata {
        labels = Copies.map(labels);
        annotations = Copies.map(annotations);
    }
}
