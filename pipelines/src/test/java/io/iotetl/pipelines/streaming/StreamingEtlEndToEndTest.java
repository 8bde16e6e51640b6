package io.iotetl.pipelines.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotetl.pipelines.testing.BucketReader;
import io.iotetl.producer.IotEventProducer;
import io.iotetl.stack.LocalStack;
import io.iotetl.stack.LocalStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Producer to real Kafka, the streaming ETL (bounded: up to the end offsets at launch) on each
 * runner, Parquet and JSON lines on the real S3 server; the outputs are read back and compared with
 * an independent computation over what was produced.
 */
@ExtendWith(LocalStackExtension.class)
class StreamingEtlEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventParser PARSER = new EventParser(300_000, 65_536);

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"DirectRunner", "SparkRunner"})
  void producedEventsArriveInRawAggregatesAndDeadLetters(
      String runner, LocalStack stack, @TempDir Path scratch) {
    String topic = "e2e-" + runner.toLowerCase();
    stack.createTopic(topic, 3);
    int exit =
        IotEventProducer.execute(
            "--bootstrap-servers=" + stack.bootstrapServers(),
            "--topic=" + topic,
            "--events=3000",
            "--event-time-start=2026-01-10T23:50:00Z",
            "--event-time-span=20m",
            "--devices=30",
            "--duplicate-share=0.05",
            "--malformed-share=0.05",
            "--seed=42");
    assertThat(exit, is(0));

    // Independent expectation from what the topic holds.
    Map<String, double[]> valid = new HashMap<>(); // event id -> {windowStart, value, typeIndex}
    Map<String, String> typeOf = new HashMap<>();
    int invalid = 0;
    List<ConsumerRecord<String, String>> records = readTopic(stack.bootstrapServers(), topic, 3000);
    assertThat(records.size(), is(3000));
    for (ConsumerRecord<String, String> record : records) {
      JsonNode node = tryParse(record.value());
      boolean ok =
          node != null
              && node.path("event_id").isTextual()
              && node.path("device_id").isTextual()
              && node.path("device_type").isTextual()
              && node.path("value").isNumber()
              && Double.isFinite(node.path("value").asDouble())
              && node.path("event_duration").isNumber()
              && node.path("event_duration").asDouble() > 0
              && node.path("event_timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      if (!ok) {
        invalid++;
        continue;
      }
      long time = java.time.Instant.parse(node.get("event_timestamp").asText()).toEpochMilli();
      valid.put(
          node.get("event_id").asText(),
          new double[] {time - Math.floorMod(time, 60_000L), node.get("value").asDouble()});
      typeOf.put(node.get("event_id").asText(), node.get("device_type").asText());
    }
    assertThat(invalid, greaterThan(50));

    String root = "s3://" + stack.bucket() + "/e2e-" + runner.toLowerCase();
    StreamingEtlOptions options =
        PipelineOptionsFactory.fromArgs(
                stack.withBeamS3Arguments(
                    "--runner=" + runner,
                    "--sparkMaster=local[2]",
                    "--bootstrapServers=" + stack.bootstrapServers(),
                    "--inputTopic=" + topic,
                    "--consumerGroup=e2e-" + runner,
                    "--stopAtEndOffsets=true",
                    "--outputRoot=" + root,
                    "--runId=e2e",
                    "--s3UploadBufferSizeBytes=5242880"))
            .as(StreamingEtlOptions.class);
    PipelineResult.State state =
        StreamingEtl.run(options).waitUntilFinish(org.joda.time.Duration.standardMinutes(5));
    assertThat(state, is(PipelineResult.State.DONE));
    assertThat(
        "the end offsets are committed once the job is done",
        committedOffsets(stack, "e2e-" + runner),
        is(3000L));

    try (BucketReader bucket = new BucketReader(stack, scratch)) {
      String prefix = "e2e-" + runner.toLowerCase() + "/";
      List<GenericRecord> raw = bucket.parquetRows(prefix + "raw_events/");
      Set<String> rawIds = new HashSet<>();
      raw.forEach(r -> rawIds.add(r.get("event_id").toString()));
      assertThat("one raw row per distinct valid event", raw.size(), is(valid.size()));
      assertThat(rawIds, equalTo(valid.keySet()));
      assertThat(bucket.keys(prefix + "raw_events/event_date=2026-01-10/").isEmpty(), is(false));
      assertThat(bucket.keys(prefix + "raw_events/event_date=2026-01-11/").isEmpty(), is(false));
      for (GenericRecord r : raw) {
        String date =
            java.time.Instant.ofEpochMilli((Long) r.get("event_timestamp"))
                .toString()
                .substring(0, 10);
        assertThat(r.get("event_date").toString(), equalTo(date));
      }

      Map<String, double[]> expected = new TreeMap<>(); // window|type -> {count, sum}
      valid.forEach(
          (id, v) -> {
            double[] agg =
                expected.computeIfAbsent((long) v[0] + "|" + typeOf.get(id), k -> new double[2]);
            agg[0]++;
            agg[1] += v[1];
          });
      Map<String, double[]> actual = new TreeMap<>();
      for (GenericRecord row : bucket.parquetRows(prefix + "stream_output/")) {
        String key = row.get("window_start") + "|" + row.get("device_type");
        double[] previous =
            actual.put(
                key, new double[] {(Long) row.get("event_count"), (Double) row.get("avg_value")});
        assertThat("one row per window and device type: " + key, previous == null, is(true));
      }
      assertThat(actual.keySet(), equalTo(expected.keySet()));
      expected.forEach(
          (key, agg) -> {
            assertThat(key, actual.get(key)[0], is(agg[0]));
            assertThat(key, actual.get(key)[1], closeTo(agg[1] / agg[0], 1e-9));
          });

      List<String> deadLetters = bucket.textLines(prefix + "dead_letter/");
      assertThat(deadLetters.size(), is(invalid));
      for (String line : deadLetters) {
        JsonNode letter = tryParse(line);
        assertThat(letter.get("reason").asText().isEmpty(), is(false));
        assertThat(letter.get("topic").asText(), equalTo(topic));
        assertThat(
            PARSER
                .parse(
                    letter.get("payload").isNull() ? null : letter.get("payload").asText(),
                    System.currentTimeMillis())
                .isValid(),
            is(false));
      }
      assertThat(bucket.keys(prefix), everyItem(startsWith(prefix)));
    }
  }

  private static long committedOffsets(LocalStack stack, String group) {
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", (Object) stack.bootstrapServers()))) {
      return admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS)
          .values()
          .stream()
          .mapToLong(OffsetAndMetadata::offset)
          .sum();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode tryParse(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static List<ConsumerRecord<String, String>> readTopic(
      String bootstrap, String topic, int expected) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("group.id", "verify-" + topic + "-" + System.nanoTime());
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", "false");
    List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 60_000;
      while (records.size() < expected && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    return records;
  }
}
