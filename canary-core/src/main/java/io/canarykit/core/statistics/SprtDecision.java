package io.canarykit.core.statistics;

/** Where the evidence stands after some samples. */
public enum SprtDecision {
    /** The log-likelihood ratio crossed the upper bound: the failing rate is the better explanation. */
    REJECT_ACCEPTABLE,
    /** The log-likelihood ratio crossed the lower bound: the acceptable rate is the better explanation. */
    ACCEPT_ACCEPTABLE,
    /** Neither bound is crossed yet: more samples are needed. */
    CONTINUE
}
