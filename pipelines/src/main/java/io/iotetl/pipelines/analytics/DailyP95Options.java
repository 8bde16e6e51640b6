package io.iotetl.pipelines.analytics;

import io.iotetl.pipelines.io.S3OutputOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of {@link DailyP95}. */
public interface DailyP95Options extends S3OutputOptions {

  @Description(
      "exact (default): exact nearest-rank p95, one group in memory at a time; sketch: one pass with a KLL sketch.")
  @Default.Enum("EXACT")
  ComputeDailyP95.Mode getMode();

  void setMode(ComputeDailyP95.Mode value);

  @Description("Minimum distinct events of a device type on a day for the day to be reported.")
  @Default.Long(ComputeDailyP95.DEFAULT_MIN_EVENTS_PER_DAY)
  long getMinEventsPerDay();

  void setMinEventsPerDay(long value);

  @Description("KLL sketch size k for --mode=SKETCH (200: about 1.3% rank error).")
  @Default.Integer(ComputeDailyP95.DEFAULT_SKETCH_K)
  int getSketchK();

  void setSketchK(int value);

  @Description(
      "Buckets of the deduplication by event_id; 1/buckets of the input is held in memory at once.")
  @Default.Integer(ComputeDailyP95.DEFAULT_DEDUPLICATION_BUCKETS)
  int getDeduplicationBuckets();

  void setDeduplicationBuckets(int value);

  @Description("Raw events to read; default <output root>/raw_events/**.parquet.")
  @Default.String("")
  String getInputPattern();

  void setInputPattern(String value);

  @Description("Where the report goes; default <output root>/analytics/p95_event_duration.")
  @Default.String("")
  String getReportOutput();

  void setReportOutput(String value);
}
