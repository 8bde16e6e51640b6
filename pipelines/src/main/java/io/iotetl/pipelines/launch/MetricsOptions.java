package io.iotetl.pipelines.launch;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The pipeline's own Prometheus endpoint (Beam counters and distributions of namespace iot_etl).
 */
public interface MetricsOptions extends PipelineOptions {

  @Description(
      "Port of the Prometheus endpoint (/metrics) served by the launching process; 0 turns it off.")
  @Default.Integer(0)
  int getMetricsPort();

  void setMetricsPort(int value);

  @Description(
      "Address the Prometheus endpoint binds to (0.0.0.0 to expose it, e.g. inside a container).")
  @Default.String("127.0.0.1")
  String getMetricsBindAddress();

  void setMetricsBindAddress(String value);
}
