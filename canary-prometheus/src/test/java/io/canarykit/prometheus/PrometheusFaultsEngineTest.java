package io.canarykit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.AddressPolicy;
import io.canarykit.core.engine.Verdict;
import io.canarykit.prometheus.FaultProxy.Fault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real engine and the real Prometheus provider against a real Prometheus process that is broken
 * in the middle of an analysis: stopped (SIGSTOP), killed, restarted with an empty TSDB, or answering
 * through a proxy with 500, 503, garbage, 100 MB, or too late. For each fault: every tick's verdict
 * is recorded (printed as {@code metric-backend-fault ...}); no tick during the fault moves traffic
 * or promotes; a hung backend costs at most the provider's time limit per attempt; and once the fault
 * is repaired the same analysis carries on and promotes.
 */
class PrometheusFaultsEngineTest {

    /** The provider's time limit per attempt: short, so that a hang costs the test little wall time. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final int ATTEMPTS = 2;
    private static final int FAULTY_TICKS = 2;
    /** A hang costs ATTEMPTS × TIMEOUT; the rest is slack for a loaded 2-core machine. */
    private static final Duration TICK_BOUND = TIMEOUT.multipliedBy(ATTEMPTS).plusSeconds(2);

    private static PrometheusProcess prometheus;

    @BeforeAll
    static void start() throws Exception {
        prometheus = PrometheusProcess.withHistory(FaultRun.history());
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    /** One way to break the backend, and how to repair it. */
    enum BackendFault {
        SIGSTOP(Verdict.ERROR), SIGKILL(Verdict.ERROR), RESTARTED_EMPTY(Verdict.NO_DATA),
        HTTP_500(Verdict.ERROR), HTTP_503(Verdict.ERROR), GARBAGE_JSON(Verdict.ERROR), HUGE_ANSWER(Verdict.ERROR),
        SLOW_ANSWER(Verdict.ERROR);

        final Verdict expected;

        BackendFault(Verdict expected) {
            this.expected = expected;
        }

        /** Faults of the process itself are met head-on; the others come through the proxy. */
        String address(FaultProxy proxy) {
            return ordinal() <= RESTARTED_EMPTY.ordinal() ? prometheus.url() : proxy.url();
        }

        void inject(FaultProxy proxy) throws Exception {
            switch (this) {
                case SIGSTOP -> prometheus.suspend();
                case SIGKILL -> prometheus.kill();
                case RESTARTED_EMPTY -> {
                    prometheus.kill();
                    prometheus.start(false);
                }
                default -> proxy.inject(Fault.valueOf(name()));
            }
        }

        void repair(FaultProxy proxy) throws Exception {
            switch (this) {
                case SIGSTOP -> prometheus.resume();
                case SIGKILL -> prometheus.start(true);
                case RESTARTED_EMPTY -> {
                    prometheus.kill();
                    prometheus.start(true);
                }
                default -> proxy.inject(Fault.NONE);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BackendFault.class)
    void aFaultHoldsTheAnalysisWithoutPromotingAndItPromotesOnceRepaired(BackendFault fault) throws Exception {
        try (FaultProxy proxy = new FaultProxy(prometheus.url(), TIMEOUT.multipliedBy(3));
             PrometheusMetricProvider provider = PrometheusMetricProvider.builder().timeout(TIMEOUT)
                     .retryRegistry(Resilience.retriesWithoutWait(ATTEMPTS)).addressPolicy(AddressPolicy.STRICT).build()) {
            FaultRun run = new FaultRun(provider, fault.address(proxy), FAULTY_TICKS + 1).startAnalysis();
            int weightBefore = run.ticks().get(run.ticks().size() - 1).canaryWeight();

            fault.inject(proxy);
            List<FaultRun.Tick> faulty;
            try {
                for (int i = 0; i < FAULTY_TICKS; i++) {
                    run.tick();
                }
            } finally {
                fault.repair(proxy);
            }
            faulty = run.ticks().subList(run.ticks().size() - FAULTY_TICKS, run.ticks().size());
            CanaryPhase end = run.tickToTheEnd(10);

            run.ticks().forEach(tick -> System.out.println("metric-backend-fault " + fault + " " + tick));
            for (FaultRun.Tick tick : faulty) {
                assertThat(tick.verdict()).as(tick.toString()).contains(fault.expected);
                assertThat(tick.canaryWeight()).as("no traffic moves on missing evidence: " + tick).isEqualTo(weightBefore);
                assertThat(tick.phase()).as(tick.toString()).isEqualTo(CanaryPhase.PROGRESSING);
                assertThat(tick.wall()).as("a fault costs at most the time limit per attempt: " + tick).isLessThan(TICK_BOUND);
                assertThat(tick.message()).as(tick.toString()).isNotBlank();
            }
            assertThat(faulty.get(FAULTY_TICKS - 1).failedChecks()).isEqualTo(FAULTY_TICKS);
            assertThat(end).as("the analysis continues once the data is back: %s", run.ticks()).isEqualTo(CanaryPhase.SUCCEEDED);
            assertThat(run.promotions()).isEqualTo(1);
            if (fault == BackendFault.HUGE_ANSWER) {
                System.out.println("metric-backend-fault HUGE_ANSWER bytes the proxy could write in " + FAULTY_TICKS
                        + " answers: " + proxy.hugeBytesWritten());
                assertThat(faulty.get(0).message()).contains("above the limit");
                assertThat(proxy.hugeBytesWritten()).as("the client stops reading at its limit").isLessThan(FaultProxy.HUGE_BYTES / 2);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendFault.class, names = {"SIGSTOP", "RESTARTED_EMPTY", "HTTP_503"})
    void aFaultThatOutlastsTheThresholdRollsBackAndNeverPromotes(BackendFault fault) throws Exception {
        int threshold = 2;
        try (FaultProxy proxy = new FaultProxy(prometheus.url(), TIMEOUT.multipliedBy(3));
             PrometheusMetricProvider provider = PrometheusMetricProvider.builder().timeout(TIMEOUT)
                     .retryRegistry(Resilience.retriesWithoutWait(ATTEMPTS)).addressPolicy(AddressPolicy.STRICT).build()) {
            FaultRun run = new FaultRun(provider, fault.address(proxy), threshold).startAnalysis();
            CanaryPhase end;
            fault.inject(proxy);
            try {
                end = run.tickToTheEnd(threshold + 1);
            } finally {
                fault.repair(proxy);
            }

            run.ticks().forEach(tick -> System.out.println("metric-backend-fault " + fault + " outlasting " + tick));
            assertThat(end).isEqualTo(CanaryPhase.FAILED);
            assertThat(run.ticks().get(run.ticks().size() - 1).canaryWeight()).isZero();
            assertThat(run.ticks()).filteredOn(tick -> tick.verdict().isPresent())
                    .allSatisfy(tick -> assertThat(tick.verdict()).contains(fault.expected));
            assertThat(run.promotions()).isZero();
        }
    }
}
