package io.iotetl.pipelines.transforms;

import static org.junit.Assert.assertThrows;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

public class BatchWithinBundlesTest implements Serializable {

  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** Flattens each list back into key/value pairs, checking the cap on the way. */
  static final class UnbatchFn extends DoFn<KV<String, List<Integer>>, KV<String, Integer>> {
    private final int cap;

    UnbatchFn(int cap) {
      this.cap = cap;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, List<Integer>> batch, OutputReceiver<KV<String, Integer>> out) {
      if (batch.getValue().isEmpty() || batch.getValue().size() > cap) {
        throw new AssertionError("list of " + batch.getValue().size() + " values, cap " + cap);
      }
      batch.getValue().forEach(v -> out.output(KV.of(batch.getKey(), v)));
    }
  }

  @Test
  public void everyValueKeepsItsKeyAndWindowAndListsRespectTheCap() {
    PCollection<KV<String, Integer>> input =
        pipeline
            .apply(
                Create.timestamped(
                        TimestampedValue.of(KV.of("a", 1), T0.plus(Duration.standardSeconds(1))),
                        TimestampedValue.of(KV.of("a", 2), T0.plus(Duration.standardSeconds(2))),
                        TimestampedValue.of(KV.of("a", 3), T0.plus(Duration.standardSeconds(3))),
                        TimestampedValue.of(KV.of("a", 4), T0.plus(Duration.standardSeconds(4))),
                        TimestampedValue.of(KV.of("b", 5), T0.plus(Duration.standardSeconds(5))),
                        TimestampedValue.of(KV.of("a", 6), T0.plus(Duration.standardSeconds(65))))
                    .withCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())))
            .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))));

    PCollection<KV<String, Integer>> roundTrip =
        input
            .apply(BatchWithinBundles.<String, Integer>create().withMaxBatchSize(3))
            .apply(ParDo.of(new UnbatchFn(3)));

    IntervalWindow first = new IntervalWindow(T0, Duration.standardMinutes(1));
    IntervalWindow second =
        new IntervalWindow(T0.plus(Duration.standardMinutes(1)), Duration.standardMinutes(1));
    PAssert.that(roundTrip)
        .inWindow(first)
        .containsInAnyOrder(
            KV.of("a", 1), KV.of("a", 2), KV.of("a", 3), KV.of("a", 4), KV.of("b", 5));
    PAssert.that(roundTrip).inWindow(second).containsInAnyOrder(KV.of("a", 6));
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aCapBelowOneIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> BatchWithinBundles.<String, Integer>create().withMaxBatchSize(0));
  }
}
