/**
 * SPI compatibility kits (Micrometer-TCK style): abstract JUnit 5 test classes that an adapter's
 * test extends, supplying the implementation under test. Every adapter must pass its kit; the
 * testkit's own fakes pass them too.
 */
@NullMarked
package io.canarykit.testkit.compat;

import org.jspecify.annotations.NullMarked;
