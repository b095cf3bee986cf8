package io.canarykit.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series selectors of a rendered PromQL query ({@code metric{l="v",l=~"re",...}}) and whether a
 * sample matches one, with PromQL's semantics: regexes are anchored at both ends, and a missing
 * label is the empty string.
 */
record PromSelectors(List<Selector> selectors) {

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

    static PromSelectors of(String query) {
        List<Selector> selectors = new ArrayList<>();
        Matcher selector = SELECTOR.matcher(query);
        while (selector.find()) {
            List<LabelMatcher> matchers = new ArrayList<>();
            Matcher m = MATCHER.matcher(selector.group(2));
            int at = 0;
            while (at < selector.group(2).length()) {
                if (!m.find(at) || m.start() != at) {
                    throw new IllegalArgumentException("cannot read the matchers of " + selector.group());
                }
                matchers.add(new LabelMatcher(m.group(1), m.group(2), m.group(3)));
                at = m.end();
            }
            selectors.add(new Selector(selector.group(1), matchers));
        }
        return new PromSelectors(selectors);
    }

    record Selector(String metric, List<LabelMatcher> matchers) {

        boolean matches(Exposition.Sample sample) {
            return sample.name().equals(metric) && matchers.stream().allMatch(m -> m.matches(sample.labels()));
        }
    }

    record LabelMatcher(String label, String op, String value) {

        boolean matches(Map<String, String> labels) {
            String actual = labels.getOrDefault(label, "");
            return switch (op) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> actual.matches(value);
                default -> !actual.matches(value);
            };
        }
    }
}
