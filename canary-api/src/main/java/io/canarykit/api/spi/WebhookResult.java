package io.canarykit.api.spi;

/** What a webhook call came to: an HTTP answer, or no answer at all. */
public sealed interface WebhookResult permits WebhookResult.Answered, WebhookResult.Unreachable {

    /** Flagger's rule: 200, 201 and 202 approve; every other status (203 included) does not. */
    boolean isSuccess();

    /** Why the call did not approve, for events: the response body, or the transport error. */
    String message();

    /** The endpoint answered with {@code status}. */
    record Answered(int status, String body) implements WebhookResult {
        @Override
        public boolean isSuccess() {
            return status >= 200 && status <= 202;
        }

        @Override
        public String message() {
            return body.isBlank() ? "status " + status : body;
        }
    }

    /** No HTTP answer (connection refused, timeout, TLS failure), after the hook's retries. */
    record Unreachable(String error) implements WebhookResult {
        @Override
        public boolean isSuccess() {
            return false;
        }

        @Override
        public String message() {
            return error;
        }
    }
}
