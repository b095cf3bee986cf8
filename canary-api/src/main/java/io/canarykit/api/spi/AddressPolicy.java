package io.canarykit.api.spi;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses CanaryKit's own HTTP clients (webhooks, metric providers) may call. Only
 * {@code http} and {@code https} are ever called. Cloud metadata services (169.254.169.254,
 * fd00:ec2::254, 100.100.100.200, metadata.google.internal) and the link-local ranges they live in
 * (169.254.0.0/16, fe80::/10) hand out the node's cloud credentials to whoever asks, so a Canary
 * author who may only write a URL must not be able to point a hook or a metric provider there:
 * they are refused unless whoever runs CanaryKit allows them — in code with {@link #ALLOW_LINK_LOCAL},
 * or for a packaged operator or CLI with {@value #ENVIRONMENT_VARIABLE}{@code =true}. The switch is
 * deliberately not per Canary: the person it protects against is the one who writes Canaries.
 * Loopback and private ranges stay allowed (in-cluster services, tests and the demo use them).
 *
 * <p>Callers check the host as written and, at call time, every address it resolves to, so a name
 * that later resolves to a metadata address (DNS rebinding) is refused too.
 *
 * @param allowLinkLocal whether metadata and link-local addresses may be called
 */
public record AddressPolicy(boolean allowLinkLocal) {

    /** The operator's switch: {@code true} allows metadata and link-local addresses. */
    public static final String ENVIRONMENT_VARIABLE = "CANARYKIT_ALLOW_LINK_LOCAL_ADDRESSES";

    /** The default: metadata and link-local addresses are refused. */
    public static final AddressPolicy STRICT = new AddressPolicy(false);

    /** Metadata and link-local addresses are allowed (a deliberate choice of whoever runs CanaryKit). */
    public static final AddressPolicy ALLOW_LINK_LOCAL = new AddressPolicy(true);

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog");
    private static final Set<String> METADATA_LITERALS = Set.of("169.254.169.254", "fd00:ec2:0:0:0:0:0:254", "100.100.100.200");
    private static final String HOW_TO_ALLOW = "; allowed only when the operator sets " + ENVIRONMENT_VARIABLE + "=true";

    /** {@link #ALLOW_LINK_LOCAL} when {@code environment} sets {@value #ENVIRONMENT_VARIABLE} to {@code true}, else {@link #STRICT}. */
    public static AddressPolicy fromEnvironment(Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        return "true".equalsIgnoreCase(environment.getOrDefault(ENVIRONMENT_VARIABLE, "").strip()) ? ALLOW_LINK_LOCAL : STRICT;
    }

    /** The policy this process's environment asks for; the default of CanaryKit's HTTP clients. */
    public static AddressPolicy fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Why a URL with this scheme is never called, or empty for http and https. */
    public static Optional<String> refusalOfScheme(String scheme) {
        String lower = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        if (lower.equals("http") || lower.equals("https")) {
            return Optional.empty();
        }
        return Optional.of("scheme '" + scheme + "' is not allowed: only http and https URLs are called");
    }

    /**
     * Why the host as written (a name or an IP literal, IPv6 with or without brackets) is refused, or
     * empty. A name's addresses must still be checked with {@link #refusalOfAddress} once resolved.
     */
    public Optional<String> refusalOfHost(String host) {
        Objects.requireNonNull(host, "host");
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (allowLinkLocal) {
            return Optional.empty();
        }
        if (METADATA_NAMES.contains(name)) {
            return Optional.of(host + " is a cloud metadata service" + HOW_TO_ALLOW);
        }
        if (isIpLiteral(name)) {
            try {
                return refusalOfAddress(InetAddress.getByName(name));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Name resolution: {@code InetAddress::getAllByName}, or a played DNS server in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * Why {@code host} is refused — as written, then every address it resolves to now — or empty. A
     * host that does not resolve is not refused here: the call that follows reports it. The JDK's and
     * OkHttp's clients resolve the name again when they connect, through the JVM's address cache (30 s
     * by default), so they get the addresses checked here: a rebinding DNS server cannot swap them in between.
     */
    public Optional<String> refusalOfResolvedHost(String host, Resolver resolver) {
        Objects.requireNonNull(resolver, "resolver");
        Optional<String> byName = refusalOfHost(host);
        if (byName.isPresent() || allowLinkLocal) {
            return byName;
        }
        try {
            for (InetAddress address : resolver.resolve(host)) {
                Optional<String> refused = refusalOfAddress(address);
                if (refused.isPresent()) {
                    return Optional.of(host + " resolves to " + refused.get());
                }
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Why this (resolved) address is refused, or empty. */
    public Optional<String> refusalOfAddress(InetAddress address) {
        Objects.requireNonNull(address, "address");
        if (allowLinkLocal) {
            return Optional.empty();
        }
        InetAddress effective = embeddedIpv4(address).orElse(address);
        String text = effective.getHostAddress();
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        if (METADATA_LITERALS.contains(text)) {
            return Optional.of(text + " is a cloud metadata service address" + HOW_TO_ALLOW);
        }
        if (effective.isLinkLocalAddress()) {
            return Optional.of(text + " is a link-local address, where cloud metadata services answer" + HOW_TO_ALLOW);
        }
        return Optional.empty();
    }

    /** The IPv4 address inside a NAT64 (64:ff9b::/96) or IPv4-compatible IPv6 address, which reaches it just the same. */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b
                && allZero(b, 4, 12);
        boolean compatible = allZero(b, 0, 12) && !allZero(b, 12, 16);
        if (!nat64 && !compatible) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** An IPv4 dotted quad or an IPv6 literal; parsing these with {@link InetAddress#getByName} never queries DNS. */
    static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
