package io.iotetl.pipelines.streaming;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where and how the streaming job reads Kafka. */
public interface KafkaSourceOptions extends PipelineOptions {

  @Description("Kafka bootstrap servers, host:port[,host:port...].")
  @Default.String("127.0.0.1:9092")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description("Topic with the JSON IoT events.")
  @Default.String("iot-events")
  String getInputTopic();

  void setInputTopic(String value);

  @Description(
      "Consumer group. Offsets are committed once what was read before them is written, so a restart"
          + " without the checkpoint resumes there (see --commitDelaySeconds).")
  @Default.String("iot-etl-streaming")
  String getConsumerGroup();

  void setConsumerGroup(String value);

  @Description("Where to start when the group has no committed offset: earliest or latest.")
  @Default.String("earliest")
  String getAutoOffsetReset();

  void setAutoOffsetReset(String value);

  @Description(
      "Unbounded mode: an offset is committed this many seconds after the windows of every event read"
          + " before it have fired; must exceed --flushSeconds, and cover a micro-batch's writes with S3 retries.")
  @Default.Long(StreamingDefaults.COMMIT_DELAY_SECONDS)
  long getCommitDelaySeconds();

  void setCommitDelaySeconds(long value);

  @Description("Bounded mode: stop after this many records, committing nothing; -1 reads forever.")
  @Default.Long(-1)
  long getMaxRecords();

  void setMaxRecords(long value);

  @Description(
      "Bounded mode: read what the topic holds at launch (up to the end offsets), stop, and commit"
          + " those offsets if the job succeeded.")
  @Default.Boolean(false)
  boolean getStopAtEndOffsets();

  void setStopAtEndOffsets(boolean value);

  @Description("Seconds to wait for the broker before failing with a clear error.")
  @Default.Integer(15)
  int getKafkaConnectTimeoutSeconds();

  void setKafkaConnectTimeoutSeconds(int value);
}
