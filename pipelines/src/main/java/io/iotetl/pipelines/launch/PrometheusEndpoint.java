package io.iotetl.pipelines.launch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.iotetl.pipelines.EtlMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Serves a running pipeline's {@code iot_etl} metrics in Prometheus text format at {@code
 * /metrics}, read from {@link PipelineResult#metrics()} at each scrape, so it works the same on
 * every runner. (The Spark runner's own metric sink publishes Beam metrics as one opaque gauge that
 * Spark's Prometheus servlet cannot render.)
 *
 * <p>Counters become {@code iot_etl_<name>_total}; {@code rejected_<REASON>} becomes {@code
 * iot_etl_rejected_total{reason="<REASON>"}}; distributions become {@code _count}, {@code _sum},
 * {@code _min} and {@code _max}.
 */
public final class PrometheusEndpoint implements AutoCloseable {

  private final HttpServer server;

  private PrometheusEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Starts the endpoint if {@code --metricsPort} is set; returns null otherwise. */
  public static PrometheusEndpoint startIfEnabled(MetricsOptions options, PipelineResult result) {
    if (options.getMetricsPort() <= 0) {
      return null;
    }
    try {
      HttpServer server =
          HttpServer.create(
              new InetSocketAddress(options.getMetricsBindAddress(), options.getMetricsPort()), 0);
      server.createContext("/metrics", exchange -> respond(exchange, render(result)));
      server.start();
      System.err.printf(
          "[metrics] Prometheus endpoint on http://%s:%d/metrics%n",
          options.getMetricsBindAddress(), server.getAddress().getPort());
      return new PrometheusEndpoint(server);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot serve metrics on port " + options.getMetricsPort() + ": " + e.getMessage(), e);
    }
  }

  static String render(PipelineResult result) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(EtlMetrics.NAMESPACE))
                    .build());
    Map<String, Long> counters = new TreeMap<>();
    for (MetricResult<Long> counter : metrics.getCounters()) {
      counters.merge(counter.getName().getName(), counter.getAttempted(), Long::sum);
    }
    StringBuilder text = new StringBuilder("# TYPE iot_etl_rejected_total counter\n");
    counters.forEach(
        (name, value) -> {
          if (name.startsWith(EtlMetrics.REJECTED_PREFIX)) {
            text.append("iot_etl_rejected_total{reason=\"")
                .append(name.substring(EtlMetrics.REJECTED_PREFIX.length()))
                .append("\"} ")
                .append(value)
                .append('\n');
          } else {
            text.append("# TYPE iot_etl_")
                .append(name)
                .append("_total counter\n")
                .append("iot_etl_")
                .append(name)
                .append("_total ")
                .append(value)
                .append('\n');
          }
        });
    for (MetricResult<DistributionResult> distribution : metrics.getDistributions()) {
      String name = "iot_etl_" + distribution.getName().getName();
      DistributionResult d = distribution.getAttempted();
      text.append(
          String.format(
              Locale.ROOT,
              "# TYPE %1$s summary%n%1$s_count %2$d%n%1$s_sum %3$d%n",
              name,
              d.getCount(),
              d.getSum()));
      if (d.getCount() > 0) {
        text.append(
            String.format(
                Locale.ROOT, "%1$s_min %2$d%n%1$s_max %3$d%n", name, d.getMin(), d.getMax()));
      }
    }
    return text.toString();
  }

  private static void respond(HttpExchange exchange, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, bytes.length);
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
