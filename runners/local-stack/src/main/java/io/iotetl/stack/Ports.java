package io.iotetl.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port helpers: every server of the local stack binds to 127.0.0.1 only. */
final class Ports {

  static final String LOOPBACK = "127.0.0.1";

  private Ports() {}

  /** A port that was free on 127.0.0.1 a moment ago, or {@code requested} when it is not 0. */
  static int freeOr(int requested) {
    if (requested != 0) {
      if (isOpen(requested)) {
        throw new IllegalStateException(
            "port "
                + requested
                + " on "
                + LOOPBACK
                + " is already in use; choose another port or 0 for a free one");
      }
      return requested;
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + LOOPBACK, e);
    }
  }

  /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
  static boolean isOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
