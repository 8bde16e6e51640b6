package io.iotetl.pipelines.streaming;

import static io.iotetl.pipelines.streaming.TestRecords.event;

import io.iotetl.pipelines.model.DeviceWindowAggregate;
import io.iotetl.pipelines.model.IotEvent;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * Event-time scenarios on the DirectRunner with TestStream: one-minute windows, one minute of
 * allowed lateness. Each window is emitted once, in the on-time pane of its expiry; assertions over
 * all panes also show that no second row appears.
 */
public class ProcessIotEventsTest implements Serializable {

  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final IntervalWindow FIRST_WINDOW =
      new IntervalWindow(T0, Duration.standardMinutes(1));
  private static final IntervalWindow SECOND_WINDOW =
      new IntervalWindow(T0.plus(Duration.standardMinutes(1)), Duration.standardMinutes(1));

  /** Rows are emitted in their window stretched by the lateness, in its on-time pane. */
  private static final IntervalWindow FIRST_EXPIRY =
      new IntervalWindow(T0, Duration.standardMinutes(2));

  private static final IntervalWindow SECOND_EXPIRY =
      new IntervalWindow(T0.plus(Duration.standardMinutes(1)), Duration.standardMinutes(2));

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static Instant at(int seconds) {
    return T0.plus(Duration.standardSeconds(seconds));
  }

  private static DeviceWindowAggregate row(
      IntervalWindow window,
      String type,
      long count,
      double avg,
      double min,
      double max,
      double avgDuration) {
    return new DeviceWindowAggregate(
        window.start().getMillis(),
        window.end().getMillis(),
        type,
        count,
        avg,
        min,
        max,
        avgDuration);
  }

  private PCollectionTuple process(TestStream<KafkaRecord<String, String>> stream) {
    return pipeline
        .apply(stream)
        .apply(
            ProcessIotEvents.create()
                .withWindowSize(Duration.standardMinutes(1))
                .withAllowedLateness(Duration.standardMinutes(1)));
  }

  private static PCollection<String> ids(String name, PCollection<IotEvent> events) {
    return events.apply(name, MapElements.into(TypeDescriptors.strings()).via(IotEvent::eventId));
  }

  @Test
  public void onTimeEventsAreAggregatedPerDeviceTypeAndWindow() {
    TestStream<KafkaRecord<String, String>> stream =
        TestStream.create(TestRecords.CODER)
            .advanceWatermarkTo(T0)
            .addElements(
                event(0, "a", "sensor_temp", at(5), 100, 20),
                event(1, "b", "sensor_temp", at(30), 300, 22),
                event(2, "c", "sensor_humidity", at(40), 50, 45),
                event(3, "d", "sensor_temp", at(70), 10, 30))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = process(stream);

    PAssert.that(out.get(ProcessIotEvents.AGGREGATES))
        .inOnTimePane(FIRST_EXPIRY)
        .containsInAnyOrder(
            row(FIRST_WINDOW, "sensor_temp", 2, 21, 20, 22, 200),
            row(FIRST_WINDOW, "sensor_humidity", 1, 45, 45, 45, 50));
    PAssert.that(out.get(ProcessIotEvents.AGGREGATES))
        .inOnTimePane(SECOND_EXPIRY)
        .containsInAnyOrder(row(SECOND_WINDOW, "sensor_temp", 1, 30, 30, 30, 10));
    PAssert.that(out.get(ProcessIotEvents.TOO_LATE)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void outOfOrderEventsWithinTheWatermarkDelayLandInTheirOwnWindow() {
    TestStream<KafkaRecord<String, String>> stream =
        TestStream.create(TestRecords.CODER)
            .advanceWatermarkTo(T0)
            .addElements(event(0, "a", "sensor_temp", at(50), 1, 10))
            .addElements(event(1, "b", "sensor_temp", at(70), 1, 40))
            // Source watermark = max event time - 2 minutes, so an event 60 s older is still on
            // time.
            .advanceWatermarkTo(at(58))
            .addElements(event(2, "c", "sensor_temp", at(10), 1, 20))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = process(stream);

    PAssert.that(out.get(ProcessIotEvents.AGGREGATES))
        .inOnTimePane(FIRST_EXPIRY)
        .containsInAnyOrder(row(FIRST_WINDOW, "sensor_temp", 2, 15, 10, 20, 1));
    PAssert.that(out.get(ProcessIotEvents.AGGREGATES))
        .inOnTimePane(SECOND_EXPIRY)
        .containsInAnyOrder(row(SECOND_WINDOW, "sensor_temp", 1, 40, 40, 40, 1));
    PAssert.that(out.get(ProcessIotEvents.TOO_LATE)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void lateEventWithinAllowedLatenessIsInTheSingleRowOfItsWindow() {
    TestStream<KafkaRecord<String, String>> stream =
        TestStream.create(TestRecords.CODER)
            .advanceWatermarkTo(T0)
            .addElements(event(0, "a", "sensor_temp", at(5), 2, 10))
            .advanceWatermarkTo(at(90)) // past the window end, before its expiry at 10:02
            .addElements(event(1, "late", "sensor_temp", at(15), 4, 30))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = process(stream);

    PAssert.that(out.get(ProcessIotEvents.AGGREGATES))
        .containsInAnyOrder(row(FIRST_WINDOW, "sensor_temp", 2, 20, 10, 30, 3));
    PAssert.that(out.get(ProcessIotEvents.TOO_LATE)).empty();
    PAssert.that(ids("ValidIds", out.get(ParseIotEvents.VALID))).containsInAnyOrder("a", "late");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void droppablyLateEventGoesToLateOutputAndRawButNotToTheAggregate() {
    TestStream<KafkaRecord<String, String>> stream =
        TestStream.create(TestRecords.CODER)
            .advanceWatermarkTo(T0)
            .addElements(event(0, "a", "sensor_temp", at(5), 2, 10))
            .advanceWatermarkTo(at(185)) // past the first window's expiry (10:02)
            .addElements(
                event(1, "too-late", "sensor_temp", at(15), 4, 30),
                event(2, "fresh", "sensor_temp", at(190), 1, 5))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = process(stream);

    PAssert.that(out.get(ProcessIotEvents.AGGREGATES))
        .inOnTimePane(FIRST_EXPIRY)
        .containsInAnyOrder(row(FIRST_WINDOW, "sensor_temp", 1, 10, 10, 10, 2));
    IntervalWindow fourth = new IntervalWindow(at(180), Duration.standardMinutes(1));
    PAssert.that(out.get(ProcessIotEvents.AGGREGATES))
        .containsInAnyOrder(
            row(FIRST_WINDOW, "sensor_temp", 1, 10, 10, 10, 2),
            row(fourth, "sensor_temp", 1, 5, 5, 5, 1));
    PAssert.that(ids("TooLateIds", out.get(ProcessIotEvents.TOO_LATE)))
        .containsInAnyOrder("too-late");
    PAssert.that(ids("ValidIds", out.get(ParseIotEvents.VALID)))
        .containsInAnyOrder("a", "too-late", "fresh");
    PAssert.that(ids("RawIds", out.get(ProcessIotEvents.RAW)))
        .containsInAnyOrder("a", "too-late", "fresh");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void redeliveredEventIsCountedOnceInItsWindowAndWrittenOnceToRaw() {
    TestStream<KafkaRecord<String, String>> stream =
        TestStream.create(TestRecords.CODER)
            .advanceWatermarkTo(T0)
            .addElements(
                event(0, "a", "sensor_motion", at(5), 2, 1),
                event(1, "b", "sensor_motion", at(6), 2, 0))
            .addElements(event(2, "a", "sensor_motion", at(5), 2, 1))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = process(stream);

    PAssert.that(out.get(ProcessIotEvents.AGGREGATES))
        .containsInAnyOrder(row(FIRST_WINDOW, "sensor_motion", 2, 0.5, 0, 1, 2));
    PAssert.that(ids("RawIds", out.get(ProcessIotEvents.RAW))).containsInAnyOrder("a", "b");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void manyEventsInManyBundlesMakeOneRowAndTooLateOnesStayOutOfIt() {
    List<TimestampedValue<KafkaRecord<String, String>>> timely = new ArrayList<>();
    List<TimestampedValue<KafkaRecord<String, String>>> tooLate = new ArrayList<>();
    List<String> rawIds = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      timely.add(event(i, "e-" + i, "sensor_temp", at(i % 60), 1, i));
      rawIds.add("e-" + i);
    }
    for (int i = 0; i < 40; i++) {
      tooLate.add(event(1000 + i, "late-" + i, "sensor_temp", at(i % 60), 9, 1000));
      rawIds.add("late-" + i);
    }
    TestStream<KafkaRecord<String, String>> stream =
        TestStream.create(TestRecords.CODER)
            .advanceWatermarkTo(T0)
            .addElements(
                timely.get(0), timely.subList(1, timely.size()).toArray(TimestampedValue[]::new))
            .addElements(
                timely.get(7),
                timely.subList(100, 200).toArray(TimestampedValue[]::new)) // re-deliveries
            .advanceWatermarkTo(at(185)) // past the first window's expiry (10:02)
            .addElements(
                tooLate.get(0), tooLate.subList(1, tooLate.size()).toArray(TimestampedValue[]::new))
            .advanceWatermarkToInfinity();

    PCollectionTuple out =
        pipeline
            .apply(stream)
            .apply(
                ProcessIotEvents.create()
                    .withWindowSize(Duration.standardMinutes(1))
                    .withAllowedLateness(Duration.standardMinutes(1)));

    // Values 0..299 once each, however the events were gathered into lists before grouping.
    PAssert.that(out.get(ProcessIotEvents.AGGREGATES))
        .containsInAnyOrder(row(FIRST_WINDOW, "sensor_temp", 300, 149.5, 0, 299, 1));
    PAssert.that(ids("TooLateIds", out.get(ProcessIotEvents.TOO_LATE)))
        .containsInAnyOrder(rawIds.subList(300, 340));
    PAssert.that(ids("RawIds", out.get(ProcessIotEvents.RAW))).containsInAnyOrder(rawIds);
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void eventMoreThanADayLateIsInRawOnceButNeitherInAWindowNorInLateEvents() {
    Instant twoDaysLater = T0.plus(Duration.standardDays(2));
    TestStream<KafkaRecord<String, String>> stream =
        TestStream.create(TestRecords.CODER)
            .advanceWatermarkTo(T0)
            .addElements(event(0, "a", "sensor_temp", at(5), 2, 10))
            .advanceWatermarkTo(
                twoDaysLater) // the first window expired two days ago: beyond the one-day horizon
            .addElements(event(1, "two-days-late", "sensor_temp", at(15), 4, 30))
            .addElements(event(2, "two-days-late", "sensor_temp", at(15), 4, 30)) // re-delivered
            .advanceWatermarkToInfinity();

    PCollectionTuple out = process(stream);

    PAssert.that(out.get(ProcessIotEvents.AGGREGATES))
        .containsInAnyOrder(row(FIRST_WINDOW, "sensor_temp", 1, 10, 10, 10, 2));
    PAssert.that(out.get(ProcessIotEvents.TOO_LATE)).empty();
    PAssert.that(ids("RawIds", out.get(ProcessIotEvents.RAW)))
        .containsInAnyOrder("a", "two-days-late");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void tooLateEventRedeliveredInLaterBundlesIsInRawOnce() {
    TestStream<KafkaRecord<String, String>> stream =
        TestStream.create(TestRecords.CODER)
            .advanceWatermarkTo(T0)
            .addElements(event(0, "a", "sensor_temp", at(5), 2, 10))
            .advanceWatermarkTo(at(185))
            .addElements(event(1, "late", "sensor_temp", at(15), 4, 30))
            .advanceWatermarkTo(T0.plus(Duration.standardHours(3)))
            .addElements(
                event(2, "late", "sensor_temp", at(15), 4, 30),
                event(3, "a", "sensor_temp", at(5), 2, 10))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = process(stream);

    PAssert.that(out.get(ProcessIotEvents.AGGREGATES))
        .containsInAnyOrder(row(FIRST_WINDOW, "sensor_temp", 1, 10, 10, 10, 2));
    PAssert.that(ids("RawIds", out.get(ProcessIotEvents.RAW))).containsInAnyOrder("a", "late");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void deviceTypesKeepTheirCaseAndPunctuation() {
    TestStream<KafkaRecord<String, String>> stream =
        TestStream.create(TestRecords.CODER)
            .advanceWatermarkTo(T0)
            .addElements(
                event(0, "a", "Thermostat-X.v2", at(5), 2, 10),
                event(1, "b", "thermostat-x.v2", at(6), 4, 20))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = process(stream);

    PAssert.that(out.get(ProcessIotEvents.AGGREGATES))
        .containsInAnyOrder(
            row(FIRST_WINDOW, "Thermostat-X.v2", 1, 10, 10, 10, 2),
            row(FIRST_WINDOW, "thermostat-x.v2", 1, 20, 20, 20, 4));
    PAssert.that(
            out.get(ProcessIotEvents.RAW)
                .apply(
                    "RawTypes",
                    MapElements.into(TypeDescriptors.strings()).via(IotEvent::deviceType)))
        .containsInAnyOrder("Thermostat-X.v2", "thermostat-x.v2");
    pipeline.run().waitUntilFinish();
  }
}
