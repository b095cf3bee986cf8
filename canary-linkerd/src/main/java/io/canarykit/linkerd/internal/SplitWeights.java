package io.canarykit.linkerd.internal;

import io.canarykit.api.spi.Routes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The split a TrafficSplit routes, read as Flagger's SMI routers read it: the weights of the
 * primary and canary backends; none of them at all is an error ("does not contain routes for").
 * Flagger writes percentages, so they usually add up to 100. A split whose weights do not (written
 * by hand, or {@code 900m}/{@code 100m} quantities, which Linkerd reads as relative weights) is
 * read as the share of each of the two, rounded to whole percents; any other backend is ignored
 * (the next reconcile removes it). SMI cannot mirror, so a split never reads as mirrored.
 */
public final class SplitWeights {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private SplitWeights() {
    }

    /** What reading gave: the routes, or why there are none. */
    public sealed interface Result permits Read, Unreadable {
    }

    public record Read(Routes routes) implements Result {
    }

    public record Unreadable(String reason) implements Result {
    }

    public static Result read(SplitSpec spec, String primary, String canary, String dotted) {
        Optional<BigDecimal> p = Optional.of(BigDecimal.ZERO);
        Optional<BigDecimal> c = Optional.of(BigDecimal.ZERO);
        boolean foundPrimary = false;
        boolean foundCanary = false;
        for (SplitBackend backend : spec.backends()) {
            if (backend.service().equals(primary) && !foundPrimary) {
                p = backend.value();
                foundPrimary = true;
            } else if (backend.service().equals(canary) && !foundCanary) {
                c = backend.value();
                foundCanary = true;
            }
        }
        if (p.isEmpty() || c.isEmpty() || p.get().signum() < 0 || c.get().signum() < 0) {
            return new Unreadable("TrafficSplit " + dotted + " has a weight that is not a non-negative quantity: "
                    + spec.backends());
        }
        BigDecimal total = p.get().add(c.get());
        if (total.signum() == 0) {
            return new Unreadable("TrafficSplit " + dotted + " does not contain routes for " + primary + " and " + canary);
        }
        int canaryPercent = c.get().multiply(HUNDRED).divide(total, 0, RoundingMode.HALF_UP).intValueExact();
        return new Read(Routes.canaryWeight(canaryPercent));
    }
}
