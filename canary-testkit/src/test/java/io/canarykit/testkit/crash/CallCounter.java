package io.canarykit.testkit.crash;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the SPI calls of one controller incarnation, through proxies around the world's objects,
 * and crashes the process ({@link CrashSignal}) right after call number {@code crashAfter} returned:
 * its effect on the world happened, nothing the controller would do next does.
 */
final class CallCounter {

    /** A counter that never crashes (the uninterrupted run, or the incarnation after the crash). */
    static final int NEVER = Integer.MAX_VALUE;

    private final int crashAfter;
    private final List<String> calls = new ArrayList<>();

    CallCounter(int crashAfter) {
        this.crashAfter = crashAfter;
    }

    /** {@code target} seen through {@code spi}: every call is counted, and may be the last one. */
    <T> T wrap(Class<T> spi, T target) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class || args == null || args.length == 0) {
                // Object's methods and argument-less accessors (a provider's type()) are not SPI actions.
                return invoke(target, method, args);
            }
            Object result = invoke(target, method, args);
            String name = spi.getSimpleName() + "." + method.getName();
            calls.add(name);
            if (calls.size() == crashAfter) {
                throw new CrashSignal(crashAfter, name);
            }
            return result;
        };
        return spi.cast(Proxy.newProxyInstance(spi.getClassLoader(), new Class<?>[] {spi}, handler));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            // A failing call is not a crash point of its own: it fails as it would without the proxy.
            throw e.getCause();
        }
    }

    /** The calls made so far, as {@code Spi.method}, in order. */
    List<String> calls() {
        return List.copyOf(calls);
    }
}
