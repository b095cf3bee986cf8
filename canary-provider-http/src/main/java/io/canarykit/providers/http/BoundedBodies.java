package io.canarykit.providers.http;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Reads a response body only up to a limit: a backend that answers gigabytes (a query matching every
 * series, a misrouted download) costs at most the limit in memory, then the call fails with a clear
 * message instead of the JVM running out of heap.
 */
public final class BoundedBodies {

    private BoundedBodies() {
    }

    /**
     * The body of {@code call}'s answer as text.
     *
     * @throws ResponseTooLargeException when it is longer than {@code limit} bytes (declared or actual); the
     *         call is cancelled first, so that closing the response does not read on to reuse the connection
     */
    public static String read(Call call, ResponseBody body, long limit) throws IOException {
        long declared = body.contentLength();
        if (declared > limit) {
            call.cancel();
            throw tooLarge(declared + " bytes", limit);
        }
        BufferedSource source = body.source();
        // request() buffers at most limit + 1 bytes (plus one segment): enough to tell "too long" from "fits".
        if (source.request(limit + 1)) {
            // Without the cancel, OkHttp would drain the rest for up to 100 ms to keep the connection (tens of MB on loopback).
            call.cancel();
            throw tooLarge("more than " + limit + " bytes", limit);
        }
        MediaType type = body.contentType();
        Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
        return source.readString(charset);
    }

    private static ResponseTooLargeException tooLarge(String size, long limit) {
        return new ResponseTooLargeException("the answer is " + size + ", above the limit of " + limit
                + " bytes (does the query return far more series than one?)");
    }
}
