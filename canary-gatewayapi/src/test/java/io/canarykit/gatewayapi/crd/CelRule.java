package io.canarykit.gatewayapi.crd;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code x-kubernetes-validations} rule, compiled with cel-java. Every function and macro the
 * HTTPRoute CRDs use is standard CEL ({@code has}, {@code all}, {@code exists}, {@code exists_one},
 * {@code filter}, {@code size}, {@code in}, {@code matches} (RE2, as in Kubernetes), {@code startsWith},
 * {@code endsWith}, {@code contains}, {@code duration}); Kubernetes' own libraries (lists, regex,
 * url, quantity, ip/cidr, format) are not declared, so a rule calling one does not compile and
 * {@link #compile} throws: no rule of a CRD can pass by being skipped. {@code self} is dynamically
 * typed: the value at the schema node, with defaults applied and property names escaped
 * ({@link CelNames}). Transition rules ({@code oldSelf}) are refused too: these are create-time checks.
 */
final class CelRule {

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setOptions(CelOptions.current().build())
            .addVar("self", SimpleType.DYN)
            .build();

    private final String path;
    private final String rule;
    private final String message;
    private final CelRuntime.Program program;

    private CelRule(String path, String rule, String message, CelRuntime.Program program) {
        this.path = path;
        this.rule = rule;
        this.message = message;
        this.program = program;
    }

    /** Compiles {@code rule} found at schema node {@code path}; throws when CEL cannot compile it. */
    static CelRule compile(String path, Map<?, ?> validation) {
        String rule = String.valueOf(validation.get("rule"));
        Object message = validation.get("message");
        for (Object key : validation.keySet()) {
            if (!"rule".equals(key) && !"message".equals(key)) {
                // messageExpression, fieldPath, reason, optionalOldSelf: none in the CRDs this was written for.
                throw new IllegalStateException("rule at " + path + " uses " + key + ", which this validator does not "
                        + "support: " + rule);
            }
        }
        if (rule.contains("oldSelf")) {
            throw new IllegalStateException("transition rule at " + path + " (oldSelf) is not supported: " + rule);
        }
        try {
            CelAbstractSyntaxTree ast = CEL.compile(rule).getAst();
            return new CelRule(path, rule, message == null ? "failed rule: " + rule : message.toString(),
                    CEL.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("cannot compile the rule at " + path + ": " + rule + "\n" + e.getMessage(), e);
        }
    }

    String path() {
        return path;
    }

    String rule() {
        return rule;
    }

    /** Empty when {@code self} passes; the rule's message when it fails; the error when it cannot be evaluated. */
    Optional<String> check(Object self) {
        try {
            Object result = program.eval(Map.of("self", self));
            if (Boolean.TRUE.equals(result)) {
                return Optional.empty();
            }
            return Optional.of(Boolean.FALSE.equals(result) ? message : "rule returned " + result + ": " + rule);
        } catch (CelEvaluationException e) {
            // The API server refuses the object when a rule cannot be evaluated (e.g. a field it reads is absent).
            return Optional.of("rule could not be evaluated (" + e.getMessage() + "): " + rule);
        }
    }
}
