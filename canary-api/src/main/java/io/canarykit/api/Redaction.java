package io.canarykit.api;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one place that decides how secrets look in text CanaryKit produces: {@code toString()}, log
 * lines, events, exception messages, CLI output. A URL keeps what identifies the endpoint and loses
 * what authenticates to it: {@code https://user:***@host/path?token=***}. Works on text that is
 * not a valid URL too, since a malformed address is exactly what ends up in an error message.
 */
public final class Redaction {

    /** What stands in for a secret. */
    public static final String MASK = "***";

    // Every repetition before a fixed part is bounded, so that matching stays linear in the text's
    // length: an unbounded scheme made a 20,000-letter word cost seconds (each start scanned to the end).
    private static final Pattern URL = Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\\s\"'<>`]+");
    private static final Pattern SCHEME_AND_USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]{0,31}://)([^/?#]*)@");
    private static final Pattern QUERY_VALUE = Pattern.compile("([?&;][^=&#;?]{0,256}=)[^&#;]*");
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)\\b(bearer|basic|token|apikey)(\\s+)[A-Za-z0-9._~+/=-]{4,}");

    private Redaction() {
    }

    /**
     * {@code url} without the password of its user info (a bare user info, often a token, is masked
     * whole), with every query value and the fragment masked. {@code null} stays {@code null}.
     */
    public static @Nullable String url(@Nullable String url) {
        if (url == null) {
            return null;
        }
        String result = url;
        Matcher userinfo = SCHEME_AND_USERINFO.matcher(result);
        if (userinfo.find()) {
            String info = userinfo.group(2);
            int colon = info.indexOf(':');
            String masked = colon < 0 ? MASK : info.substring(0, colon) + ":" + MASK;
            result = userinfo.group(1) + masked + "@" + result.substring(userinfo.end());
        }
        int hash = result.indexOf('#');
        if (hash >= 0) {
            result = result.substring(0, hash) + "#" + MASK;
        }
        return QUERY_VALUE.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }

    /**
     * The credentials a URL carries — its user info's password (or the whole user info when it has
     * no password: a token), its query values and fragment — for masking wherever a server echoes
     * them back in a form {@link #url} cannot recognise (a bare path and query in an error body).
     * Values shorter than four characters ({@code ?page=1}) are left out: masking every {@code 1}
     * in a message would hide the message, not a credential.
     */
    public static List<String> secretsOf(@Nullable String url) {
        if (url == null) {
            return List.of();
        }
        List<String> secrets = new java.util.ArrayList<>();
        Matcher userinfo = SCHEME_AND_USERINFO.matcher(url);
        if (userinfo.find()) {
            String info = userinfo.group(2);
            int colon = info.indexOf(':');
            secrets.add(colon < 0 ? info : info.substring(colon + 1));
        }
        int hash = url.indexOf('#');
        if (hash >= 0) {
            secrets.add(url.substring(hash + 1));
        }
        Matcher query = QUERY_VALUE.matcher(hash >= 0 ? url.substring(0, hash) : url);
        while (query.find()) {
            secrets.add(query.group().substring(query.group(1).length()));
        }
        return secrets.stream().filter(secret -> secret.length() >= 4).toList();
    }

    /** An address whose path is the credential (chat webhooks): scheme and host only. */
    public static @Nullable String origin(@Nullable String url) {
        if (url == null) {
            return null;
        }
        String withoutUser = url(url);
        Matcher scheme = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]{0,31}://[^/?#]*)").matcher(withoutUser);
        return scheme.find() ? scheme.group(1) + "/" + MASK : MASK;
    }

    /** Free text with every URL in it redacted as by {@link #url} and credentials after an auth scheme masked. */
    public static String text(@Nullable String text) {
        if (text == null) {
            return "null";
        }
        String urls = URL.matcher(text).replaceAll(m -> Matcher.quoteReplacement(url(m.group())));
        return AUTH_SCHEME.matcher(urls).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
    }

    /** {@link #text(String)}, and every one of {@code secrets} masked wherever it appears, longest first. */
    public static String text(@Nullable String text, Collection<String> secrets) {
        String result = text(text);
        List<String> longestFirst = secrets.stream().filter(s -> s != null && !s.isBlank())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String secret : longestFirst) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
