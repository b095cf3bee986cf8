package io.canarykit.gatewayapi.crd;

/**
 * One reason the API server would refuse an object: where ({@code spec.rules[0].filters}) and why,
 * worded like the API server's field errors.
 */
public record CrdViolation(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
