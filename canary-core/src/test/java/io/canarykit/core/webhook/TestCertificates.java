package io.canarykit.core.webhook;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made once per test run with the JDK's {@code keytool} (core's tests cannot use the
 * testkit): one test CA and one server key, with leaf certificates that each fail for exactly one
 * reason — valid for 127.0.0.1, for another host name, or expired. A CA is needed because the JDK
 * never checks the validity dates of a trust anchor itself.
 */
final class TestCertificates {

    private static final char[] PASSWORD = "changeit".toCharArray();

    /** The server contexts, and a client context that trusts the test CA. */
    record Set(SSLContext valid, SSLContext otherHost, SSLContext expired, SSLContext trustingClient) {
    }

    private static Set issued;

    private TestCertificates() {
    }

    static synchronized Set get() {
        if (issued == null) {
            issued = issue();
        }
        return issued;
    }

    private static Set issue() {
        try {
            Path dir = Files.createTempDirectory("canarykit-certs-");
            Path ca = dir.resolve("ca.p12");
            Path server = dir.resolve("server.p12");
            keytool(null, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                    "-dname", "CN=canarykit-test-ca", "-ext", "bc:c", "-keystore", ca.toString());
            keytool(null, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=canarykit-test", "-keystore", server.toString());
            String request = keytool(null, "-certreq", "-alias", "server", "-keystore", server.toString());
            String valid = sign(ca, request, "ip:127.0.0.1", null, 2);
            String otherHost = sign(ca, request, "dns:hooks.example.com", null, 2);
            String expired = sign(ca, request, "ip:127.0.0.1", "-30d", 1);

            KeyStore serverStore = load(server);
            PrivateKey key = (PrivateKey) serverStore.getKey("server", PASSWORD);
            Certificate caCert = load(ca).getCertificate("ca");
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", caCert);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trust.getTrustManagers(), null);
            return new Set(serverContext(key, valid, caCert), serverContext(key, otherHost, caCert),
                    serverContext(key, expired, caCert), client);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue test certificates", e);
        }
    }

    private static String sign(Path ca, String request, String san, String startDate, int days) throws Exception {
        List<String> args = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-rfc",
                "-validity", Integer.toString(days), "-ext", "san=" + san));
        if (startDate != null) {
            args.addAll(List.of("-startdate", startDate));
        }
        return keytool(request, args.toArray(String[]::new));
    }

    private static SSLContext serverContext(PrivateKey key, String leafPem, Certificate caCert) throws Exception {
        Certificate leaf = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(leafPem.getBytes(StandardCharsets.US_ASCII)));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, PASSWORD, new Certificate[] {leaf, caCert});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    /** Runs keytool with {@code input} (may be null) on its standard input; answers its output. */
    private static String keytool(String input, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = keytool.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
        }
        return output;
    }

    /** A started HTTPS server on loopback presenting {@code context}'s certificate and answering 200. */
    static HttpsServer server(SSLContext context) {
        HttpHandler ok = exchange -> {
            // Read the request before answering, as a real server does. Answered first, the client can
            // send its next request on the kept-alive connection while the JDK server still drains this
            // body; the server's TLS layer then reads and buffers that next request, and, since nothing
            // more arrives on the socket, never hands it on: the call times out.
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        };
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(context));
            server.createContext("/", ok);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
