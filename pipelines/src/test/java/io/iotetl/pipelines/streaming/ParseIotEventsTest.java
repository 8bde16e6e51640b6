package io.iotetl.pipelines.streaming;

import static io.iotetl.pipelines.streaming.TestRecords.record;

import io.iotetl.pipelines.model.DeadLetter;
import io.iotetl.pipelines.model.RejectReason;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/** Every kind of bad input reaches the dead-letter output with its reason, payload and offset. */
public class ParseIotEventsTest implements Serializable {

  private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void eachKindOfInvalidInputReachesDeadLetterWithItsReason() {
    String valid =
        "{\"event_id\":\"ok\",\"device_id\":\"dev-ok\",\"device_type\":\"sensor_temp\","
            + "\"event_timestamp\":\"2026-01-05T10:00:00Z\",\"event_duration\":12.5,\"value\":21}";
    List<KV<String, RejectReason>> bad =
        List.of(
            KV.of("{\"event_id\": \"x\", ", RejectReason.MALFORMED_JSON),
            KV.of("[1, 2, 3]", RejectReason.MALFORMED_JSON),
            KV.of(
                valid.replace("\"device_type\":\"sensor_temp\",", ""), RejectReason.MISSING_FIELD),
            KV.of(valid.replace("\"dev-ok\"", "null"), RejectReason.NULL_FIELD),
            KV.of(
                valid.replace("\"value\":21", "\"value\":\"twenty-one\""), RejectReason.WRONG_TYPE),
            KV.of(
                valid.replace("2026-01-05T10:00:00Z", "yesterday at noon"),
                RejectReason.BAD_TIMESTAMP),
            KV.of(
                valid.replace("\"event_duration\":12.5", "\"event_duration\":-3"),
                RejectReason.NON_POSITIVE_DURATION),
            KV.of(
                valid.replace("\"event_duration\":12.5", "\"event_duration\":0"),
                RejectReason.NON_POSITIVE_DURATION),
            KV.of(valid.replace("\"value\":21", "\"value\":1e400"), RejectReason.NOT_FINITE),
            KV.of(
                valid.replace("2026-01-05T10:00:00Z", "2999-01-01T00:00:00Z"),
                RejectReason.FUTURE_EVENT),
            KV.of(
                valid.replace(
                    "\"value\":21", "\"value\":21,\"blob\":\"" + "x".repeat(70_000) + "\""),
                RejectReason.OVERSIZE));

    List<KafkaRecord<String, String>> records = new ArrayList<>();
    records.add(record(0, valid.replace("\"value\":21", "\"value\":21,\"firmware\":\"1.2\""), T));
    for (int i = 0; i < bad.size(); i++) {
      records.add(record(i + 1, bad.get(i).getKey(), T));
    }
    records.add(record(99, null, T));

    PCollectionTuple out =
        pipeline
            .apply(Create.of(records).withCoder(TestRecords.CODER))
            .apply(ParseIotEvents.create());

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < bad.size(); i++) {
      expected.add((i + 1) + ":" + bad.get(i).getValue() + ":" + bad.get(i).getKey().hashCode());
    }
    expected.add("99:" + RejectReason.MALFORMED_JSON + ":null");
    PAssert.that(
            out.get(ParseIotEvents.DEAD_LETTER)
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (DeadLetter d) ->
                                d.offset()
                                    + ":"
                                    + d.reason()
                                    + ":"
                                    + (d.payload() == null ? "null" : d.payload().hashCode()))))
        .containsInAnyOrder(expected);
    PAssert.that(
            out.get(ParseIotEvents.VALID)
                .apply(
                    "ValidIds",
                    MapElements.into(new TypeDescriptor<String>() {})
                        .via(e -> e.eventId() + "/" + e.deviceType() + "/" + e.value())))
        .containsInAnyOrder("ok/sensor_temp/21.0");
    pipeline.run().waitUntilFinish();
  }
}
