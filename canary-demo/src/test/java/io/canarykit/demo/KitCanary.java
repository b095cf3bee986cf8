package io.canarykit.demo;

import io.canarykit.api.model.Canary;

/** The reference canary, for SPI calls that need one. */
final class KitCanary {

    static final Canary WEB = DemoCanary.reference().canary();

    private KitCanary() {
    }
}
