package io.iotetl.producer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotetl.stack.LocalStack;
import io.iotetl.stack.LocalStackExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalStackExtension.class)
class IotEventProducerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of("event_id", "device_id", "device_type", "event_timestamp", "event_duration", "value");

  @Test
  void generatedEventsArriveKeyedByDeviceWithEventTimeAsRecordTimestamp(LocalStack stack)
      throws Exception {
    stack.createTopic("generated", 3);
    int exit =
        IotEventProducer.execute(
            "--bootstrap-servers=" + stack.bootstrapServers(),
            "--topic=generated",
            "--events=600",
            "--devices=20",
            "--event-time-start=2026-01-01",
            "--event-time-span=2d",
            "--seed=7");
    assertThat(exit, is(0));

    List<ConsumerRecord<String, String>> records =
        TopicReader.readAll(stack.bootstrapServers(), "generated", 600);
    assertThat(records, hasSize(600));
    Set<String> eventIds = new HashSet<>();
    Set<String> types = new HashSet<>();
    for (ConsumerRecord<String, String> record : records) {
      JsonNode event = JSON.readTree(record.value());
      Set<String> names = new HashSet<>();
      event.fieldNames().forEachRemaining(names::add);
      assertThat(names, equalTo(FIELDS));
      assertThat(record.key(), equalTo(event.get("device_id").asText()));
      Instant eventTime = Instant.parse(event.get("event_timestamp").asText());
      assertThat(record.timestamp(), equalTo(eventTime.toEpochMilli()));
      assertThat(eventTime.isBefore(Instant.parse("2026-01-03T00:00:00Z")), is(true));
      assertThat(eventTime.isBefore(Instant.parse("2026-01-01T00:00:00Z")), is(false));
      assertThat(event.get("event_duration").asDouble(), greaterThan(0.0));
      assertThat(event.get("value").isNumber(), is(true));
      eventIds.add(event.get("event_id").asText());
      types.add(event.get("device_type").asText());
    }
    assertThat("event ids are unique without a duplicate share", eventIds, hasSize(600));
    assertThat(types, equalTo(Set.of("sensor_temp", "sensor_humidity", "sensor_motion")));
  }

  @Test
  void spanWithoutStartIsABackfillThatEndsNow(LocalStack stack) throws Exception {
    stack.createTopic("backfill-to-now", 2);
    Instant before = Instant.now();
    int exit =
        IotEventProducer.execute(
            "--bootstrap-servers=" + stack.bootstrapServers(),
            "--topic=backfill-to-now",
            "--events=200",
            "--event-time-span=1d",
            "--seed=8");
    Instant after = Instant.now();
    assertThat(exit, is(0));

    Instant first = Instant.MAX;
    Instant last = Instant.MIN;
    for (ConsumerRecord<String, String> record :
        TopicReader.readAll(stack.bootstrapServers(), "backfill-to-now", 200)) {
      Instant eventTime =
          Instant.parse(JSON.readTree(record.value()).get("event_timestamp").asText());
      first = eventTime.isBefore(first) ? eventTime : first;
      last = eventTime.isAfter(last) ? eventTime : last;
    }
    assertThat("no event from the future", last.isAfter(after), is(false));
    assertThat(
        "the first event is a day back",
        first.isBefore(before.minus(Duration.ofHours(23))),
        is(true));
  }

  @Test
  void sharesProduceLateDuplicateAndMalformedRecords(LocalStack stack) throws Exception {
    stack.createTopic("shares", 1);
    int exit =
        IotEventProducer.execute(
            "--bootstrap-servers=" + stack.bootstrapServers(),
            "--topic=shares",
            "--events=2000",
            "--late-share=0.1",
            "--duplicate-share=0.1",
            "--malformed-share=0.1",
            "--seed=11");
    assertThat(exit, is(0));

    List<ConsumerRecord<String, String>> records =
        TopicReader.readAll(stack.bootstrapServers(), "shares", 2000);
    assertThat(records, hasSize(2000));
    int malformed = 0;
    int duplicates = 0;
    int late = 0;
    Map<String, Integer> seen = new HashMap<>();
    long maxTime = Long.MIN_VALUE;
    for (ConsumerRecord<String, String> record : records) {
      JsonNode event = parseValid(record.value());
      if (event == null) {
        malformed++;
        continue;
      }
      if (seen.merge(event.get("event_id").asText(), 1, Integer::sum) > 1) {
        duplicates++;
        continue;
      }
      long time = Instant.parse(event.get("event_timestamp").asText()).toEpochMilli();
      if (time < maxTime - 120_000) {
        late++;
      }
      maxTime = Math.max(maxTime, time);
    }
    assertThat(malformed, allOf(greaterThan(120), lessThan(280)));
    assertThat(duplicates, allOf(greaterThan(120), lessThan(280)));
    assertThat(late, allOf(greaterThan(120), lessThan(280)));
  }

  @Test
  void replayFileSendsEveryLineVerbatimIncludingMalformedOnes(LocalStack stack, @TempDir Path dir)
      throws Exception {
    stack.createTopic("replay", 1);
    List<String> lines =
        List.of(
            "{\"event_id\":\"e1\",\"device_id\":\"d-1\",\"device_type\":\"sensor_temp\",\"event_timestamp\":\"2026-03-01T10:00:00Z\",\"event_duration\":12.5,\"value\":20.1}",
            "this is not json",
            "{\"device_id\": 5, \"extra\": true}",
            "{\"event_id\":\"e2\",\"device_id\":\"d-2\",\"device_type\":\"sensor_motion\",\"event_timestamp\":\"2026-03-01T10:00:01Z\",\"event_duration\":1,\"value\":1}");
    Path file = dir.resolve("events.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);

    int exit =
        IotEventProducer.execute(
            "--bootstrap-servers=" + stack.bootstrapServers(),
            "--topic=replay",
            "--replay-file=" + file);
    assertThat(exit, is(0));

    List<ConsumerRecord<String, String>> records =
        TopicReader.readAll(stack.bootstrapServers(), "replay", 4);
    assertThat(records.stream().map(ConsumerRecord::value).toList(), equalTo(lines));
    assertThat(records.get(0).key(), equalTo("d-1"));
    assertThat(
        records.get(0).timestamp(), equalTo(Instant.parse("2026-03-01T10:00:00Z").toEpochMilli()));
    assertThat(records.get(1).key(), nullValue());
    assertThat(records.get(2).key(), nullValue());
    assertThat(records.get(3).key(), equalTo("d-2"));
  }

  @Test
  void unreachableBrokerFailsWithOneClearMessageAndExitCodeOne() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit =
          IotEventProducer.execute(
              "--bootstrap-servers=127.0.0.1:" + closedPort, "--events=3", "--max-block=2s");
    } finally {
      System.setErr(original);
    }
    assertThat(exit, is(1));
    assertThat(
        err.toString(StandardCharsets.UTF_8),
        containsString("error: Kafka at 127.0.0.1:" + closedPort));
  }

  @Test
  void metricsCountRecordsByKindInPrometheusFormat() {
    SendStats stats = new SendStats();
    stats.recordSent(OutgoingRecord.Kind.VALID);
    stats.recordSent(OutgoingRecord.Kind.MALFORMED);
    stats.recordAcked();
    String text = ProducerMetricsEndpoint.render(stats);
    assertThat(text, containsString("iot_producer_records_sent_total{kind=\"valid\"} 1\n"));
    assertThat(text, containsString("iot_producer_records_sent_total{kind=\"malformed\"} 1\n"));
    assertThat(text, containsString("iot_producer_records_acked_total 1\n"));
    assertThat(text, containsString("iot_producer_records_failed_total 0\n"));
  }

  @Test
  void inconsistentOptionsAreRejectedWithExitCodeTwo() {
    assertThat(IotEventProducer.execute("--late-share=0.7", "--malformed-share=0.7"), is(2));
    assertThat(IotEventProducer.execute("--devices=0"), is(2));
  }

  private static JsonNode parseValid(String payload) {
    try {
      JsonNode node = JSON.readTree(payload);
      boolean valid =
          node.path("device_id").isTextual()
              && node.path("device_type").isTextual()
              && node.path("value").isNumber()
              && Double.isFinite(node.path("value").asDouble())
              && node.path("event_duration").asDouble() > 0;
      Instant.parse(node.path("event_timestamp").asText());
      return valid ? node : null;
    } catch (java.io.IOException | java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
