package io.canarykit.core.statistics;

/**
 * The regularized incomplete beta function I_x(a, b) — the Beta(a, b) distribution function — in
 * logarithms, so that tails far below 1e-300 stay exact. Continued fraction evaluated by the
 * modified Lentz method (Numerical Recipes, 3rd ed., §6.4), on the side of x where it converges fast.
 */
final class IncompleteBeta {

    private static final int MAX_ITERATIONS = 1_000_000;
    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;

    private IncompleteBeta() {
    }

    /** ln P(X ≤ x) for X ~ Beta(a, b), with 0 < x < 1 and a, b > 0. */
    static double logRegularized(double x, double a, double b) {
        if (!(x > 0 && x < 1 && a > 0 && b > 0)) {
            throw new IllegalArgumentException("need 0 < x < 1 and a, b > 0, got x " + x + ", a " + a + ", b " + b);
        }
        if (x < (a + 1) / (a + b + 2)) {
            return logFront(x, a, b) + Math.log(continuedFraction(x, a, b));
        }
        // The other side: 1 − I_{1−x}(b, a), where the fraction converges fast and the subtraction is safe.
        double other = Math.exp(logFront(1 - x, b, a)) * continuedFraction(1 - x, b, a);
        return Math.log1p(-other);
    }

    /** ln(x^a (1 − x)^b / (a B(a, b))). */
    private static double logFront(double x, double a, double b) {
        return a * Math.log(x) + b * Math.log1p(-x) - Math.log(a) - LogBeta.of(a, b);
    }

    private static double continuedFraction(double x, double a, double b) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        d = Math.abs(d) < TINY ? TINY : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= MAX_ITERATIONS; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < TINY ? TINY : d;
            c = 1 + aa / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < TINY ? TINY : d;
            c = 1 + aa / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                return h;
            }
        }
        throw new ArithmeticException("incomplete beta: no convergence for x " + x + ", a " + a + ", b " + b);
    }
}
