package io.canarykit.testkit.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.Redaction;
import io.canarykit.testkit.SecretScan;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every record of canary-api, built with a distinct secret in each component a secret can enter
 * through (addresses, URLs, proxies, headers, metadata, Secret data) and plain values elsewhere:
 * its {@code toString()} shows none of them.
 */
class ModelToStringTest {

    /**
     * Components that carry credentials in practice; a new record with one of these names is scanned
     * too. A map is planted when its values are text (headers, metadata, Secret data); match rules
     * such as {@code HttpMatchRequest.headers} hold conditions, not credentials.
     */
    private static final Pattern SECRET_BEARING = Pattern.compile("address|url|proxy|metricsServer|headers|metadata|data");

    @Test
    void noRecordPrintsAPlantedSecret() throws Exception {
        List<Class<?>> records = apiRecords();
        SecretScan scan = new SecretScan();
        List<String> leaks = new ArrayList<>();
        int scanned = 0;
        for (Class<?> type : records) {
            Object instance = build(type, scan, true);
            if (instance != null && scan.planted().values().stream().anyMatch(p -> p.startsWith(type.getSimpleName() + "."))) {
                scanned++;
                leaks.addAll(scan.leaks(type.getSimpleName() + ".toString()", instance.toString()));
            }
        }

        assertThat(records).as("records found in canary-api").hasSizeGreaterThan(40);
        assertThat(scanned).as("records with a secret-bearing component").isGreaterThanOrEqualTo(6);
        assertThat(leaks).isEmpty();
        System.out.println("canary-api records: " + records.size() + ", with secret-bearing components: " + scanned
                + ", secrets planted: " + scan.planted().size());
    }

    /** A record that prints its URL as the default toString does. */
    record LeakyWebhook(String name, String url) {
    }

    @Test
    void theScanCatchesARecordThatPrintsItsSecret() {
        SecretScan scan = new SecretScan();
        Object leaky = build(LeakyWebhook.class, scan, true);

        assertThat(scan.leaks("LeakyWebhook.toString()", String.valueOf(leaky)))
                .containsExactly("LeakyWebhook.toString(): the secret of LeakyWebhook.url (password)",
                        "LeakyWebhook.toString(): the secret of LeakyWebhook.url (query token)",
                        "LeakyWebhook.toString(): the secret of LeakyWebhook.url (fragment)");
    }

    /** The records of canary-api, from its classes directory or its jar, whichever the build put on the class path. */
    private static List<Class<?>> apiRecords() throws IOException, URISyntaxException, ClassNotFoundException {
        Path location = Path.of(Redaction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> records = new ArrayList<>();
        try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location)) {
            Path root = jar == null ? location : jar.getPath("/");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                    if (name.startsWith("io.canarykit.api")) {
                        Class<?> type = Class.forName(name, false, ModelToStringTest.class.getClassLoader());
                        if (type.isRecord()) {
                            records.add(type);
                        }
                    }
                }
            }
        }
        return records;
    }

    /** An instance of {@code type}; secret-bearing components of the top level get planted secrets. */
    private static Object build(Class<?> type, SecretScan scan, boolean plant) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            boolean secret = plant && SECRET_BEARING.matcher(component.getName()).matches();
            String place = type.getSimpleName() + "." + component.getName();
            args[i] = secret ? secretValue(component.getGenericType(), place, scan) : plain(component.getGenericType(), scan);
        }
        try {
            var constructor = type.getDeclaredConstructor(java.util.Arrays.stream(components).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            boolean bearing = java.util.Arrays.stream(components).anyMatch(c -> SECRET_BEARING.matcher(c.getName()).matches());
            if (plant && bearing) {
                throw new AssertionError("cannot build " + type.getName() + " from " + java.util.Arrays.toString(args), e);
            }
            // A nested value the plain choices cannot satisfy (IntOrString wants exactly one side set): left unset.
            return null;
        }
    }

    private static Object secretValue(Type type, String place, SecretScan scan) {
        Class<?> raw = raw(type);
        if (raw == String.class) {
            return "https://user:" + scan.plant(place + " (password)") + "@host.example/path?token="
                    + scan.plant(place + " (query token)") + "#" + scan.plant(place + " (fragment)");
        }
        if (raw == Map.class && type instanceof ParameterizedType p && raw(p.getActualTypeArguments()[1]) == List.class) {
            return Map.of("Authorization", List.of("Bearer " + scan.plant(place + " (header)")));
        }
        if (raw == Map.class && type instanceof ParameterizedType p && p.getActualTypeArguments()[1] == String.class) {
            return Map.of("token", scan.plant(place + " (value)"), "cmd", "hey -H 'Authorization: Bearer "
                    + scan.plant(place + " (value in a command)") + "' http://x/");
        }
        return plain(type, scan);
    }

    private static Object plain(Type type, SecretScan scan) {
        Class<?> raw = raw(type);
        if (raw == String.class) {
            return "plain";
        }
        if (raw == int.class || raw == Integer.class) {
            return 1;
        }
        if (raw == long.class || raw == Long.class) {
            return 1L;
        }
        if (raw == double.class || raw == Double.class) {
            return 1.0;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return false;
        }
        if (raw == char.class || raw == Character.class) {
            return 'c';
        }
        if (raw == Duration.class) {
            return Duration.ofSeconds(1);
        }
        if (raw == Instant.class) {
            return Instant.EPOCH;
        }
        if (raw == Clock.class) {
            return Clock.systemUTC();
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        if (raw == List.class) {
            return List.of();
        }
        if (raw == Map.class) {
            return Map.of();
        }
        if (raw == Set.class) {
            return Set.of();
        }
        if (raw.isRecord()) {
            return build(raw, scan, false);
        }
        return null;
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }
}
