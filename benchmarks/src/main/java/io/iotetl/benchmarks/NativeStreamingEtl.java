package io.iotetl.benchmarks;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.window;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The streaming ETL written directly with Spark Structured Streaming (Java API), as the native
 * yardstick: same Kafka topic, same S3 store (through S3A), same outputs. Valid events are
 * deduplicated by {@code event_id} and written as they arrive to {@code
 * raw_events/event_date=.../}: within the watermark, or, given a longer deduplication horizon,
 * within that horizon behind the newest event time, as the Beam job does (it recognises a
 * re-delivery a day late). Tumbling-window aggregates per device type go to {@code stream_output/}
 * once the watermark passes the window (append mode); invalid records go to {@code dead_letter/} as
 * JSON. Unlike the Beam job, events behind the watermark (or the horizon) are dropped silently.
 */
final class NativeStreamingEtl implements AutoCloseable {

  private static final StructType EVENT =
      new StructType()
          .add("event_id", DataTypes.StringType)
          .add("device_id", DataTypes.StringType)
          .add("device_type", DataTypes.StringType)
          .add("event_timestamp", DataTypes.StringType)
          .add("event_duration", DataTypes.DoubleType)
          .add("value", DataTypes.DoubleType);

  private final SparkSession spark;
  private final List<StreamingQuery> queries;

  private NativeStreamingEtl(SparkSession spark, List<StreamingQuery> queries) {
    this.spark = spark;
    this.queries = queries;
  }

  /** S3 connection of the S3A file system. */
  record S3(String endpoint, String accessKey, String secretKey) {}

  static NativeStreamingEtl start(
      String master,
      String bootstrapServers,
      String topic,
      S3 s3,
      String outputRoot,
      Path checkpoints,
      int windowSeconds,
      int watermarkSeconds,
      long dedupHorizonSeconds,
      int triggerMillis)
      throws TimeoutException {
    SparkSession spark =
        SparkSession.builder()
            .master(master)
            .appName("native-streaming-etl")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MILLIS")
            .config("spark.hadoop.fs.s3a.endpoint", s3.endpoint())
            .config("spark.hadoop.fs.s3a.path.style.access", "true")
            .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
            .config("spark.hadoop.fs.s3a.access.key", s3.accessKey())
            .config("spark.hadoop.fs.s3a.secret.key", s3.secretKey())
            .getOrCreate();
    Dataset<Row> records =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrapServers)
            .option("subscribe", topic)
            .option("startingOffsets", "earliest")
            .load()
            .select(col("value").cast("string").as("payload"), col("partition"), col("offset"));
    Dataset<Row> parsed =
        records
            .withColumn("e", from_json(col("payload"), EVENT, Map.of("mode", "PERMISSIVE")))
            .withColumn("event_time", to_timestamp(col("e.event_timestamp")));
    Column valid =
        col("e.event_id")
            .isNotNull()
            .and(col("e.device_id").isNotNull())
            .and(col("e.device_type").isNotNull())
            .and(col("event_time").isNotNull())
            .and(col("e.event_duration").gt(0))
            .and(col("e.value").isNotNull())
            .and(not(col("e.event_duration").isNaN()))
            .and(not(col("e.value").isNaN()));
    Trigger trigger = Trigger.ProcessingTime(triggerMillis);

    Dataset<Row> validEvents =
        parsed
            .where(valid)
            .select(
                col("e.event_id").as("event_id"),
                col("e.device_id").as("device_id"),
                col("e.device_type").as("device_type"),
                col("event_time").as("event_timestamp"),
                col("e.event_duration").as("event_duration"),
                col("e.value").as("value"));
    Dataset<Row> events =
        validEvents
            .withWatermark("event_timestamp", watermarkSeconds + " seconds")
            .dropDuplicatesWithinWatermark("event_id");
    Dataset<Row> rawEvents =
        dedupHorizonSeconds > watermarkSeconds
            ? validEvents
                .withWatermark("event_timestamp", dedupHorizonSeconds + " seconds")
                .dropDuplicatesWithinWatermark("event_id")
            : events;
    StreamingQuery raw =
        rawEvents
            .withColumn("event_date", to_date(col("event_timestamp")))
            .writeStream()
            .format("parquet")
            .partitionBy("event_date")
            .trigger(trigger)
            .option("path", outputRoot + "/raw_events")
            .option("checkpointLocation", checkpoints.resolve("raw").toString())
            .start();
    StreamingQuery aggregates =
        events
            .groupBy(window(col("event_timestamp"), windowSeconds + " seconds"), col("device_type"))
            .agg(
                count(lit(1)).as("event_count"),
                avg("value").as("avg_value"),
                min("value").as("min_value"),
                max("value").as("max_value"),
                avg("event_duration").as("avg_event_duration"))
            .select(
                col("window.start").as("window_start"),
                col("window.end").as("window_end"),
                col("device_type"),
                col("event_count"),
                col("avg_value"),
                col("min_value"),
                col("max_value"),
                col("avg_event_duration"))
            .writeStream()
            .format("parquet")
            .outputMode("append")
            .trigger(trigger)
            .option("path", outputRoot + "/stream_output")
            .option("checkpointLocation", checkpoints.resolve("aggregates").toString())
            .start();
    StreamingQuery deadLetters =
        parsed
            .where(not(valid).or(valid.isNull()))
            .select(col("payload"), lit("INVALID").as("reason"), col("partition"), col("offset"))
            .writeStream()
            .format("json")
            .trigger(trigger)
            .option("path", outputRoot + "/dead_letter")
            .option("checkpointLocation", checkpoints.resolve("dead_letter").toString())
            .start();
    return new NativeStreamingEtl(spark, List.of(raw, aggregates, deadLetters));
  }

  /** Fails if a query has died. */
  void assertRunning() {
    for (StreamingQuery query : queries) {
      if (!query.isActive()) {
        throw new IllegalStateException(
            "native query " + query.name() + " stopped: " + query.exception());
      }
    }
  }

  @Override
  public void close() {
    for (StreamingQuery query : queries) {
      try {
        query.stop();
      } catch (TimeoutException e) {
        System.err.println("[bench] native query did not stop in time: " + e.getMessage());
      }
    }
    spark.stop();
  }
}
