package io.canarykit.api.model;

import java.util.List;
import java.util.Map;

/** Header edits for one direction: {@code set}, {@code add}, {@code remove}. */
public record HeaderOperations(Map<String, String> set, Map<String, String> add, List<String> remove) {

    public HeaderOperations {
        set = Copies.map(set);
        add = Copies.map(add);
        remove = Copies.list(remove);
    }
}
