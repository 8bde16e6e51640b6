package io.iotetl.pipelines.analytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.iotetl.pipelines.model.DailyP95Row;
import io.iotetl.pipelines.model.EventDuration;
import io.iotetl.pipelines.model.IotEvent;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/** The pipeline's report equals an independent straightforward computation on edge cases. */
public class ComputeDailyP95Test implements Serializable {

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void exactModeMatchesTheDefinitionOnEdgeCases() {
    P95TestData data = P95TestData.edgeCases();
    List<String> expected = StraightforwardP95.csvRows(data.tuples, 500);
    assertThat(
        "the edge cases keep 500, drop 499",
        expected.toString(),
        org.hamcrest.Matchers.containsString("2026-03-01,sensor_temp,"));
    assertThat(
        expected, not(hasItem(org.hamcrest.Matchers.startsWith("2026-03-01,sensor_humidity"))));
    assertThat(
        expected, not(hasItem(org.hamcrest.Matchers.startsWith("2026-03-01,sensor_motion"))));
    assertThat(expected, not(hasItem(org.hamcrest.Matchers.containsString("sensor_pressure"))));

    PCollection<DailyP95Row> rows =
        eventDurations(data)
            .apply("ComputeDailyP95", ComputeDailyP95.exact().withMinEventsPerDay(500));

    PAssert.that(
            rows.apply(
                "ToCsv", MapElements.into(TypeDescriptors.strings()).via(DailyP95Row::toCsv)))
        .containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void sketchModeReportsTheSameGroupsAndExactCounts() {
    P95TestData data = P95TestData.edgeCases();
    List<String> expectedGroups =
        StraightforwardP95.csvRows(data.tuples, 500).stream()
            .map(
                line -> {
                  String[] f = line.split(",");
                  return f[0] + "," + f[1] + "," + f[3];
                })
            .toList();

    PCollection<DailyP95Row> rows =
        eventDurations(data)
            .apply("ComputeDailyP95", ComputeDailyP95.sketch().withMinEventsPerDay(500));

    PAssert.that(
            rows.apply(
                "ToGroupCounts",
                MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.eventDate() + "," + r.deviceType() + "," + r.eventsPerDay())))
        .containsInAnyOrder(expectedGroups);
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void deduplicationBucketCountDoesNotChangeTheReport() {
    P95TestData data = P95TestData.edgeCases();
    List<String> expected = StraightforwardP95.csvRows(data.tuples, 500);
    PCollection<EventDuration> events = eventDurations(data);
    for (int buckets : new int[] {1, 7}) {
      PCollection<DailyP95Row> rows =
          events.apply(
              "ComputeDailyP95With" + buckets + "Buckets",
              ComputeDailyP95.exact().withMinEventsPerDay(500).withDeduplicationBuckets(buckets));
      PAssert.that(
              "buckets: " + buckets,
              rows.apply(
                  "ToCsvWith" + buckets + "Buckets",
                  MapElements.into(TypeDescriptors.strings()).via(DailyP95Row::toCsv)))
          .containsInAnyOrder(expected);
    }
    pipeline.run().waitUntilFinish();
  }

  private PCollection<EventDuration> eventDurations(P95TestData data) {
    return pipeline
        .apply("CreateEvents", Create.of(data.events))
        .apply(
            "ToEventDurations",
            MapElements.into(TypeDescriptor.of(EventDuration.class))
                .via((IotEvent e) -> EventDuration.of(e)));
  }
}
