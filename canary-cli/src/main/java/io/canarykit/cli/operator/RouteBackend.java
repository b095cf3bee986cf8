package io.canarykit.cli.operator;

import java.util.Objects;

/** One backend of the HTTPRoute's weighted rule, as the router wrote it. */
record RouteBackend(String name, int weight) {

    RouteBackend {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return name + "=" + weight;
    }
}
