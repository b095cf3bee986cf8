/**
 * A JUnit 5 harness around fabric8's Kubernetes mock server in CRUD mode: one server per test
 * class, a clean store per test, CanaryKit's CRDs registered, client retries off and a
 * {@link io.canarykit.testkit.k8s.RequestLog} to assert API-call budgets. The fabric8 dependencies
 * are optional in canary-testkit: add {@code io.fabric8:kubernetes-server-mock},
 * {@code kubernetes-client} and a transport ({@code kubernetes-httpclient-okhttp}) to your tests.
 */
@NullMarked
package io.canarykit.testkit.k8s;

import org.jspecify.annotations.NullMarked;
