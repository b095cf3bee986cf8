package io.canarykit.prometheus.internal;

import io.canarykit.api.BackendException;
import io.canarykit.api.Redaction;
import io.canarykit.api.model.SecretReference;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.SecretData;
import io.canarykit.api.spi.SecretResolver;
import java.util.List;
import java.util.Optional;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Authorization} header a provider's {@code secretRef} asks for: a bearer {@code token}, or
 * basic {@code username}/{@code password} (Flagger's keys). {@code toString()} never shows it, and
 * {@link #redact(String)} scrubs the secret values from any text that might echo them (an error body).
 */
public final class Credentials {

    private static final Credentials NONE = new Credentials(null, List.of());

    private final @Nullable String authorization;
    private final List<String> secretValues;

    private Credentials(@Nullable String authorization, List<String> secretValues) {
        this.authorization = authorization;
        this.secretValues = secretValues;
    }

    /**
     * Reads the provider's secret in the source's namespace.
     *
     * @throws BackendException (not retryable) when the secret is missing or holds neither credential;
     *     the message names the secret, never its contents
     */
    public static Credentials resolve(SecretResolver resolver, MetricSource source) {
        Credentials fromSecret = fromSecret(resolver, source);
        // What the address and the headers carry is as secret as the Secret, and a server may echo it too.
        List<String> carried = new java.util.ArrayList<>(fromSecret.secretValues);
        carried.addAll(Redaction.secretsOf(source.provider().address()));
        source.provider().headers().values().forEach(carried::addAll);
        return new Credentials(fromSecret.authorization, List.copyOf(carried));
    }

    private static Credentials fromSecret(SecretResolver resolver, MetricSource source) {
        SecretReference ref = source.provider().secretRef();
        if (ref == null) {
            return NONE;
        }
        String secret = source.namespace() + "/" + ref.name();
        SecretData data = resolver.resolve(source.namespace(), ref.name())
                .orElseThrow(() -> new BackendException("prometheus", "secret " + secret + " not found", false));
        Optional<String> token = data.get("token").filter(t -> !t.isBlank());
        if (token.isPresent()) {
            return new Credentials("Bearer " + token.get(), List.of(token.get()));
        }
        Optional<String> username = data.get("username");
        Optional<String> password = data.get("password");
        if (username.isPresent() && password.isPresent()) {
            return new Credentials(
                    okhttp3.Credentials.basic(username.get(), password.get()),
                    List.of(username.get(), password.get()));
        }
        throw new BackendException("prometheus",
                "secret " + secret + " holds neither 'token' nor both 'username' and 'password'", false);
    }

    /** The {@code Authorization} header value, if the provider has a {@code secretRef}. */
    public Optional<String> authorization() {
        return Optional.ofNullable(authorization);
    }

    /** Sets the {@code Authorization} header, replacing one a custom header may have set. */
    public void apply(Request.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
    }

    /** {@code text} with every secret value (and the encoded header) replaced by {@code ***}. */
    public String redact(String text) {
        List<String> all = new java.util.ArrayList<>(secretValues);
        if (authorization != null) {
            all.add(authorization);
        }
        return Redaction.text(text, all);
    }

    /** {@code failure} with its message redacted and without itself as a cause, which would print the message unredacted. */
    public BackendException redact(BackendException failure) {
        return new BackendException(failure.backend(), redact(String.valueOf(failure.getMessage())), failure.retryable(),
                failure.getCause());
    }

    /** {@code result} with its message redacted, should the server have echoed a credential. */
    public MetricResult redact(MetricResult result) {
        if (result instanceof MetricResult.Failure failure) {
            return MetricResult.failure(redact(failure.message()), failure.retryable());
        }
        if (result instanceof MetricResult.NoData noData) {
            return MetricResult.noData(redact(noData.reason()));
        }
        return result;
    }

    @Override
    public String toString() {
        return authorization != null ? "Credentials(redacted)" : "Credentials(none)";
    }
}
