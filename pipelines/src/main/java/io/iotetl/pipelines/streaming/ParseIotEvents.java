package io.iotetl.pipelines.streaming;

import com.google.auto.value.AutoValue;
import io.iotetl.pipelines.EtlMetrics;
import io.iotetl.pipelines.model.DeadLetter;
import io.iotetl.pipelines.model.IotEvent;
import io.iotetl.pipelines.model.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;

/**
 * Parses Kafka records into {@link IotEvent}s ({@link #VALID}) and rejects everything else to
 * {@link #DEAD_LETTER} with the original payload, the reason and the Kafka position. Nothing is
 * dropped: every input record leaves through exactly one of the two outputs.
 *
 * <p>Metrics (namespace {@code iot_etl}): {@code events_valid}, and {@code rejected_<REASON>} per
 * {@link RejectReason}.
 *
 * <pre>{@code
 * PCollectionTuple parsed = records.apply("ParseEvents", ParseIotEvents.create().withMaxFuture(Duration.standardMinutes(5)));
 * PCollection<IotEvent> events = parsed.get(ParseIotEvents.VALID);
 * }</pre>
 */
@AutoValue
public abstract class ParseIotEvents
    extends PTransform<PCollection<KafkaRecord<String, String>>, PCollectionTuple> {

  public static final TupleTag<IotEvent> VALID = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTER = new TupleTag<>() {};

  abstract Duration maxFuture();

  abstract int maxPayloadBytes();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setMaxFuture(Duration maxFuture);

    abstract Builder setMaxPayloadBytes(int maxPayloadBytes);

    abstract ParseIotEvents build();
  }

  /** Defaults of {@link StreamingDefaults}: events at most 5 minutes ahead, payloads 64 KiB. */
  public static ParseIotEvents create() {
    return new AutoValue_ParseIotEvents.Builder()
        .setMaxFuture(Duration.standardSeconds(StreamingDefaults.MAX_FUTURE_SECONDS))
        .setMaxPayloadBytes(StreamingDefaults.MAX_PAYLOAD_BYTES)
        .build();
  }

  public ParseIotEvents withMaxFuture(Duration maxFuture) {
    return toBuilder().setMaxFuture(maxFuture).build();
  }

  public ParseIotEvents withMaxPayloadBytes(int bytes) {
    return toBuilder().setMaxPayloadBytes(bytes).build();
  }

  @Override
  public PCollectionTuple expand(PCollection<KafkaRecord<String, String>> records) {
    PCollectionTuple result =
        records.apply(
            "ValidateJsonEvents",
            ParDo.of(new ParseEventFn(new EventParser(maxFuture().getMillis(), maxPayloadBytes())))
                .withOutputTags(VALID, TupleTagList.of(DEAD_LETTER)));
    return result;
  }

  /** Validates one record; counts every outcome. */
  static final class ParseEventFn extends DoFn<KafkaRecord<String, String>, IotEvent> {
    private final EventParser parser;
    private final Counter valid = Metrics.counter(EtlMetrics.NAMESPACE, EtlMetrics.EVENTS_VALID);
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);

    ParseEventFn(EventParser parser) {
      this.parser = parser;
      for (RejectReason reason : RejectReason.values()) {
        rejected.put(reason, Metrics.counter(EtlMetrics.NAMESPACE, EtlMetrics.rejected(reason)));
      }
    }

    @ProcessElement
    public void processElement(
        @Element KafkaRecord<String, String> record, MultiOutputReceiver out) {
      EventParser.Result result =
          parser.parse(record.getKV().getValue(), System.currentTimeMillis());
      if (result.isValid()) {
        valid.inc();
        out.get(VALID).output(result.event());
      } else {
        rejected.get(result.reason()).inc();
        out.get(DEAD_LETTER)
            .output(
                new DeadLetter(
                    record.getKV().getValue(),
                    result.reason(),
                    result.detail(),
                    record.getTopic(),
                    record.getPartition(),
                    record.getOffset()));
      }
    }
  }
}
