package io.canarykit.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Who releases the dispatcher threads and pooled connections: the clients only if they created them. */
class HttpClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void closeShutsDownTheDispatcherOfAnOwnedClient() throws InterruptedException {
        HttpClients clients = HttpClients.owning(TIMEOUT);
        // The insecure client derives from the same base: one dispatcher, one pool.
        OkHttpClient insecure = clients.forSource(true);
        ExecutorService executor = clients.forSource(false).dispatcher().executorService();
        assertThat(insecure.dispatcher().executorService()).isSameAs(executor);

        clients.close();

        assertThat(executor.isShutdown()).isTrue();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(clients.forSource(false).connectionPool().connectionCount()).isZero();
    }

    @Test
    void closeLeavesASharedClientAlone() {
        OkHttpClient user = new OkHttpClient();
        try {
            HttpClients clients = HttpClients.sharing(user, TIMEOUT);

            clients.close();

            assertThat(clients.owned()).isFalse();
            assertThat(user.dispatcher().executorService().isShutdown()).isFalse();
        } finally {
            user.dispatcher().executorService().shutdown();
            user.connectionPool().evictAll();
        }
    }

    @Test
    void closeTwiceIsHarmless() {
        HttpClients clients = HttpClients.owning(TIMEOUT);

        clients.close();
        clients.close();

        assertThat(clients.forSource(false).dispatcher().executorService().isShutdown()).isTrue();
    }
}
