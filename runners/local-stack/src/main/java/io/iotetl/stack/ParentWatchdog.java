package io.iotetl.stack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child JVM the local stack starts: runs the real main class given as the
 * first argument, and exits the JVM as soon as its standard input reaches end-of-file.
 *
 * <p>The parent keeps the child's stdin pipe open for as long as it lives. When the parent dies,
 * even by {@code kill -9}, the operating system closes that pipe, so a server never outlives the
 * process that started it. This class uses only the JDK: it runs on foreign class paths.
 */
public final class ParentWatchdog {

  private ParentWatchdog() {}

  public static void main(String[] args) throws ReflectiveOperationException {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: ParentWatchdog <main class> [args...]");
    }
    Thread watcher = new Thread(ParentWatchdog::exitWhenStdinCloses, "parent-watchdog");
    watcher.setDaemon(true);
    watcher.start();

    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static void exitWhenStdinCloses() {
    InputStream in = System.in;
    byte[] buffer = new byte[64];
    try {
      while (in.read(buffer) >= 0) {
        // Nothing is expected on stdin; the read only blocks until the pipe closes.
      }
    } catch (IOException e) {
      // A broken pipe means the parent is gone, exactly like end-of-file.
    }
    System.err.println("[parent-watchdog] parent process ended; shutting down");
    System.exit(0);
  }
}
