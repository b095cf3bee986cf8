package io.canarykit.testkit.k8s;

import java.util.Objects;

/** One request the mock API server received: its verb and its path (with the query). */
public record ApiRequest(String method, String path) {

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }

    /** The path without its query string. */
    public String resourcePath() {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** A watch (an informer's long-running GET), not a read a tick performed. */
    public boolean isWatch() {
        return path.contains("watch=true");
    }

    public boolean isWrite() {
        return !"GET".equals(method);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
