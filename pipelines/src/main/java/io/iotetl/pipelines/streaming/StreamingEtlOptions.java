package io.iotetl.pipelines.streaming;

import io.iotetl.pipelines.io.S3OutputOptions;
import io.iotetl.pipelines.launch.MetricsOptions;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * All options of {@link StreamingEtl}: source, event time, storage, and the sinks' own settings.
 */
public interface StreamingEtlOptions
    extends KafkaSourceOptions, EventTimeOptions, S3OutputOptions, MetricsOptions {

  @Description("Files per output pane (FileIO shards); fixed, as streaming writes need.")
  @Default.Integer(1)
  int getNumShards();

  void setNumShards(int value);

  @Description("Seconds between flushes of raw events, late events and dead letters to storage.")
  @Default.Long(10)
  long getFlushSeconds();

  void setFlushSeconds(long value);

  @Description(
      "Part of every output file name, so that no run replaces another run's files; a job restored from its"
          + " checkpoint keeps the id it started with. Keep it unique per run.")
  @Default.InstanceFactory(RunIdFactory.class)
  String getRunId();

  void setRunId(String value);

  /** A run id from the launch time, e.g. 20261125T101500Z. */
  final class RunIdFactory implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
          .withZone(ZoneOffset.UTC)
          .format(java.time.Instant.now());
    }
  }
}
