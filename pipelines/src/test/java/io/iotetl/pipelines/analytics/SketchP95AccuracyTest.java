package io.iotetl.pipelines.analytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sketch mode stays within its documented rank error of the exact answer on large random data. */
class SketchP95AccuracyTest {

  @Test
  void sketchP95IsWithinTheStatedRankErrorOfExact() throws IOException {
    Random random = new Random(2026);
    int n = 400_000;
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      double x = Math.exp(Math.log(200) + 0.5 * random.nextGaussian());
      double roll = random.nextDouble();
      values[i] = roll < 0.003 ? x * 40 : roll < 0.006 ? x / 40 : x; // outliers on both sides
    }
    SketchP95Fn fn = new SketchP95Fn(200, 500);
    // Eight partial accumulators, each through the coder, then merged: as a runner would.
    List<SketchP95Fn.Accumulator> parts = new ArrayList<>();
    for (int p = 0; p < 8; p++) {
      SketchP95Fn.Accumulator acc = fn.createAccumulator();
      for (int i = p; i < n; i += 8) {
        fn.addInput(acc, List.of(values[i]));
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      SketchP95Fn.AccumulatorCoder.INSTANCE.encode(acc, bytes);
      parts.add(
          SketchP95Fn.AccumulatorCoder.INSTANCE.decode(
              new ByteArrayInputStream(bytes.toByteArray())));
    }
    ExactP95.Result sketch = fn.extractOutput(fn.mergeAccumulators(parts));
    ExactP95.Result exact = ExactP95.compute(values, 500).orElseThrow();

    assertThat(sketch.eventsPerDay(), is((long) n));
    double epsilon = SketchP95Fn.rankError(200);
    // Rank of the sketch's answer among the exactly kept values.
    double mean = Arrays.stream(values).average().orElseThrow();
    double sd = Math.sqrt(Arrays.stream(values).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
    double[] kept =
        Arrays.stream(values).filter(x -> Math.abs(x - mean) <= 3 * sd).sorted().toArray();
    long atOrBelow = Arrays.stream(kept).filter(x -> x <= sketch.p95()).count();
    double rankError = Math.abs((double) atOrBelow / kept.length - 0.95);
    assertThat(rankError, lessThanOrEqualTo(2 * epsilon * n / kept.length));
    assertThat(
        (double) Math.abs(sketch.eventsAfterFilter() - exact.eventsAfterFilter()),
        lessThanOrEqualTo(2 * epsilon * n));
    System.out.printf(
        "sketch p95 %.3f, exact %.3f, rank error %.5f (bound %.5f)%n",
        sketch.p95(), exact.p95(), rankError, 2 * epsilon * n / kept.length);
  }
}
