package io.iotetl.pipelines.streaming;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Event time, windows and lateness. */
public interface EventTimeOptions extends PipelineOptions {

  @Description(
      "Out-of-orderness the watermark allows: it trails the largest event time seen by this many seconds.")
  @Default.Long(StreamingDefaults.MAX_OUT_OF_ORDERNESS_SECONDS)
  long getMaxOutOfOrdernessSeconds();

  void setMaxOutOfOrdernessSeconds(long value);

  @Description("Size of the tumbling aggregate windows, in seconds.")
  @Default.Long(StreamingDefaults.WINDOW_SIZE_SECONDS)
  long getWindowSizeSeconds();

  void setWindowSizeSeconds(long value);

  @Description(
      "Allowed lateness of the aggregate windows, in seconds; later events go to late_events/.")
  @Default.Long(StreamingDefaults.ALLOWED_LATENESS_SECONDS)
  long getAllowedLatenessSeconds();

  void setAllowedLatenessSeconds(long value);

  @Description(
      "Deduplication horizon, in seconds behind the watermark: a re-delivered event_id is written to raw_events/"
          + " once while its event time is within it, and too-late events are reported in late_events/ within it. Memory"
          + " holds the event ids of the horizon.")
  @Default.Long(StreamingDefaults.DEDUPLICATION_HORIZON_SECONDS)
  long getDeduplicationHorizonSeconds();

  void setDeduplicationHorizonSeconds(long value);

  @Description(
      "Events more than this many seconds ahead of the wall clock are rejected as FUTURE_EVENT.")
  @Default.Long(StreamingDefaults.MAX_FUTURE_SECONDS)
  long getMaxFutureSeconds();

  void setMaxFutureSeconds(long value);

  @Description("Payloads larger than this many bytes are rejected as OVERSIZE.")
  @Default.Integer(StreamingDefaults.MAX_PAYLOAD_BYTES)
  int getMaxPayloadBytes();

  void setMaxPayloadBytes(int value);
}
