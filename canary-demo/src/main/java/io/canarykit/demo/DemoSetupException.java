package io.canarykit.demo;

/** The demo could not start its run: its Prometheus does not scrape it, or its interval is too short for the scrapes. */
public final class DemoSetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DemoSetupException(String message) {
        super(message);
    }
}
