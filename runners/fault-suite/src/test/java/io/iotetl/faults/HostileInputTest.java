package io.iotetl.faults;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotetl.pipelines.testing.BucketReader;
import io.iotetl.pipelines.testing.OutputAudit;
import io.iotetl.producer.IotEventProducer;
import io.iotetl.stack.LocalStack;
import io.iotetl.stack.LocalStackExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Valid events mixed with malformed, oversize, wrong-type, schema-drifted and far-future ones, sent
 * by a producer that is restarted half way and re-sends its last 200 records, then events far
 * behind the watermark: every bad record reaches {@code dead_letter/} with its reason (re-sent ones
 * twice: dead letters are at least once), every valid one (unknown extra fields and late ones
 * included) is in {@code raw_events/} exactly once, re-sent events are counted once, and events for
 * windows already written are in {@code late_events/}, not in a second row.
 */
@ExtendWith(LocalStackExtension.class)
class HostileInputTest {

  private static final String TOPIC = "hostile-input";
  private static final int VALID = 2000;
  private static final int EVERY = 25;

  @Test
  void badRecordsReachDeadLetterWithTheirReasonAndResentEventsCountOnce(
      LocalStack stack, @TempDir Path dir) throws Exception {
    stack.createTopic(TOPIC, 2);
    Instant start = Instant.now().plusSeconds(15);
    List<String> events = EventLines.followingTheClock(VALID, 100, 43, start);
    int half = events.size() / 2;
    int resent = 200;
    List<String> lines = new ArrayList<>();
    List<String> reasons = new ArrayList<>(); // null: valid
    Set<String> valid = new LinkedHashSet<>();
    for (int i = 0; i < events.size(); i++) {
      String event = events.get(i);
      ObjectNode bad = EventLines.parse(event);
      int kind = i % EVERY != EVERY - 1 ? -1 : (i / EVERY) % 6;
      String line =
          switch (kind) {
            case 0 -> event.substring(0, event.length() / 2);
            case 1 -> bad.put("firmware_dump", "x".repeat(70_000)).toString();
            case 2 -> bad.put("value", "high").toString();
            case 3 -> bad.set("deviceType", bad.remove("device_type")).toString();
            case 4 -> bad.put("event_timestamp", start.plusSeconds(86_400).toString()).toString();
            case 5 ->
                bad.put("firmware", "2.1.0").toString(); // harmless drift: an unknown extra field
            default -> event;
          };
      String reason =
          switch (kind) {
            case 0 -> "MALFORMED_JSON";
            case 1 -> "OVERSIZE";
            case 2 -> "WRONG_TYPE";
            case 3 -> "MISSING_FIELD";
            case 4 -> "FUTURE_EVENT";
            default -> null;
          };
      lines.add(line);
      reasons.add(reason);
      if (reason == null) {
        valid.add(EventLines.eventId(event));
      }
    }
    // The producer stops half way and, restarted, sends its last 200 records again.
    Path first = EventLines.write(dir.resolve("first.jsonl"), lines.subList(0, half));
    Path second =
        EventLines.write(dir.resolve("second.jsonl"), lines.subList(half - resent, lines.size()));
    // Sent once the job has written everything before (its watermark is past those windows): events
    // for the first windows, which already have their row, and events two hours old.
    List<String> late =
        new ArrayList<>(EventLines.followingTheClock(10, 100, 44, start.plusSeconds(1)));
    Set<String> lateForClosedWindows = EventLines.eventIds(late);
    List<String> twoHoursLate = EventLines.followingTheClock(5, 100, 45, start.minusSeconds(7_200));
    late.addAll(twoHoursLate);
    Path third = EventLines.write(dir.resolve("third.jsonl"), late);
    Map<String, Integer> expectedDeadLetters = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      if (reasons.get(i) != null) {
        int times = i >= half - resent && i < half ? 2 : 1; // dead letters are at least once
        expectedDeadLetters.merge(reasons.get(i), times, Integer::sum);
      }
    }

    try (StreamingJob job = StreamingJob.start(stack, TOPIC, "hostile-input", dir);
        BucketReader bucket = new BucketReader(stack, dir)) {
      assertThat(produce(stack, first), is(0));
      assertThat(produce(stack, second), is(0));
      OutputAudit audit = new OutputAudit(bucket, "hostile-input");
      audit.awaitRawEvents(valid.size(), 180, job::assertRunning);
      audit.awaitEveryEventCounted(
          valid.size(), 120, job::assertRunning); // their windows are written
      assertThat(produce(stack, third), is(0));
      valid.addAll(EventLines.eventIds(late));
      audit.awaitRawEvents(valid.size(), 120, job::assertRunning);
      audit.awaitEveryEventCounted(valid.size(), 120, job::assertRunning);
      Thread.sleep(8_000);
      audit.assertEachEventExactlyOnce(valid);
      Set<String> inLateEvents = BucketReader.eventIds(audit.late());
      assertThat(
          "late events for windows that have their row",
          inLateEvents,
          hasItems(lateForClosedWindows.toArray(String[]::new)));
      // An expired window that never had a row gets one on the Spark runner (its first pane is on
      // time there): the two-hours-late events are in late_events/ or counted, as checked above.
      inLateEvents.removeAll(lateForClosedWindows);
      assertThat(
          "other events in late_events/",
          EventLines.eventIds(twoHoursLate),
          hasItems(inLateEvents.toArray(String[]::new)));
      assertThat("dead letters by reason", audit.deadLettersByReason(), is(expectedDeadLetters));
    }
  }

  private static int produce(LocalStack stack, Path file) {
    return IotEventProducer.execute(
        "--bootstrap-servers=" + stack.bootstrapServers(),
        "--topic=" + TOPIC,
        "--replay-file=" + file,
        "--rate=100");
  }
}
