package io.canarykit.api.model;

/** The strategy a Canary's analysis implies, as Flagger derives it. */
public enum DeploymentStrategy implements WireEnum {
    CANARY("canary"),
    AB_TESTING("ab-testing"),
    BLUE_GREEN("blue-green");

    private final String wireName;

    DeploymentStrategy(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
