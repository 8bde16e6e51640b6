package io.iotetl.producer;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The producer's counters in Prometheus text format at {@code /metrics}: {@code
 * iot_producer_records_sent_total{kind=...}}, {@code iot_producer_records_acked_total}, {@code
 * iot_producer_records_failed_total}.
 */
final class ProducerMetricsEndpoint implements AutoCloseable {

  private final HttpServer server;

  private ProducerMetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Starts serving on {@code bind:port}; null when {@code port} is 0. */
  static ProducerMetricsEndpoint start(String bind, int port, SendStats stats) throws IOException {
    if (port <= 0) {
      return null;
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = render(stats).getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return new ProducerMetricsEndpoint(server);
  }

  static String render(SendStats stats) {
    StringBuilder text = new StringBuilder("# TYPE iot_producer_records_sent_total counter\n");
    for (OutgoingRecord.Kind kind : OutgoingRecord.Kind.values()) {
      text.append("iot_producer_records_sent_total{kind=\"")
          .append(kind.name().toLowerCase(java.util.Locale.ROOT))
          .append("\"} ")
          .append(stats.count(kind))
          .append('\n');
    }
    text.append(
            "# TYPE iot_producer_records_acked_total counter\niot_producer_records_acked_total ")
        .append(stats.acked())
        .append(
            "\n# TYPE iot_producer_records_failed_total counter\niot_producer_records_failed_total ")
        .append(stats.failed())
        .append('\n');
    return text.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
