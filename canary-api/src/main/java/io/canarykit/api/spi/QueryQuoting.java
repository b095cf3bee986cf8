package io.canarykit.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * How a query language quotes text, so that the engine can put template values into a query
 * safely: inside a string literal a value is escaped (or refused when the language has no escape
 * the engine trusts); outside any literal only plain tokens (letters, digits, {@code _ . : -}) are
 * accepted. A value can therefore never end a literal, open a new clause or comment out the rest
 * of a query. A provider declares its language through {@link MetricProvider#quoting()}.
 *
 * @param language the language's name, for messages ({@code PromQL})
 * @param quotes the string literals the language has
 * @param lineComment what starts a comment that runs to the end of the line; empty when none
 * @param refused characters refused in any context (e.g. {@code &} where the query is URL parameters)
 */
public record QueryQuoting(String language, List<Quote> quotes, String lineComment, String refused) {

    /** Prometheus' PromQL: Go-style escapes in {@code "…"} and {@code '…'}; raw {@code `…`} strings cannot hold a backtick. */
    public static final QueryQuoting PROMQL = new QueryQuoting("PromQL",
            List.of(new Quote('"', Escaping.BACKSLASH), new Quote('\'', Escaping.BACKSLASH), new Quote('`', Escaping.NONE)), "#", "");
    /** InfluxDB 2's Flux: {@code "…"} strings with backslash escapes and {@code ${…}} interpolation, which is escaped too. */
    public static final QueryQuoting FLUX = new QueryQuoting("Flux", List.of(new Quote('"', Escaping.FLUX)), "//", "");
    /**
     * CloudWatch's metric data queries: JSON whose strings hold expressions with {@code '…'} strings
     * of their own, so escaping for JSON alone would not do: quotes and backslashes are refused.
     */
    public static final QueryQuoting CLOUDWATCH = new QueryQuoting("CloudWatch", List.of(new Quote('"', Escaping.NONE)), "", "'");
    /** New Relic's NRQL: {@code '…'} strings and {@code `…`} names; quotes inside values are refused. */
    public static final QueryQuoting NRQL = new QueryQuoting("NRQL",
            List.of(new Quote('\'', Escaping.NONE), new Quote('`', Escaping.NONE), new Quote('"', Escaping.NONE)), "", "");
    /** Datadog metric queries: no string literals; tags are plain tokens. */
    public static final QueryQuoting DATADOG = new QueryQuoting("Datadog",
            List.of(new Quote('"', Escaping.NONE), new Quote('\'', Escaping.NONE)), "", "");
    /** Graphite's render parameters ({@code target=…&from=…}): quotes refused, and {@code &} anywhere. */
    public static final QueryQuoting GRAPHITE = new QueryQuoting("Graphite",
            List.of(new Quote('"', Escaping.NONE), new Quote('\'', Escaping.NONE)), "", "&");
    /** An unknown language: every quote refused inside literals, plain tokens outside. */
    public static final QueryQuoting STRICT = new QueryQuoting("query",
            List.of(new Quote('"', Escaping.NONE), new Quote('\'', Escaping.NONE), new Quote('`', Escaping.NONE)), "", "");

    public QueryQuoting {
        Objects.requireNonNull(language, "language");
        quotes = List.copyOf(quotes);
        Objects.requireNonNull(lineComment, "lineComment");
        Objects.requireNonNull(refused, "refused");
    }

    /** The language of a provider type Flagger knows ({@code prometheus}, {@code datadog}, ...); {@link #STRICT} otherwise. */
    public static QueryQuoting forType(String type) {
        return switch (type) {
            case "prometheus" -> PROMQL;
            case "influxdb" -> FLUX;
            case "cloudwatch" -> CLOUDWATCH;
            case "newrelic" -> NRQL;
            case "datadog" -> DATADOG;
            case "graphite" -> GRAPHITE;
            default -> STRICT;
        };
    }

    /** A string literal: the character that opens and closes it, and how a value is escaped inside it. */
    public record Quote(char delimiter, Escaping escaping) {

        public Quote {
            Objects.requireNonNull(escaping, "escaping");
        }
    }

    /** How a value is escaped inside a string literal. */
    public enum Escaping {
        /** Go's escapes, as PromQL reads them: {@code \\}, the delimiter, {@code \n}, {@code \t}, {@code \r}, {@code \}{@code u00XX}. */
        BACKSLASH,
        /** Flux: backslash escapes, and {@code ${} escaped so that it does not interpolate. */
        FLUX,
        /** JSON string escapes. */
        JSON,
        /** No escaping trusted: a value holding the delimiter, a backslash or a control character is refused. */
        NONE
    }
}
