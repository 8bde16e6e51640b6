package io.iotetl.pipelines.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The daily p95 of one group in one pass and bounded memory: count, a numerically stable mean and
 * sum of squared deviations (Welford, merged with Chan's formula) and a KLL quantile sketch (Apache
 * DataSketches) of the durations.
 *
 * <p>The outlier bounds {@code mean +/- 3 sd} are exact. The sketch then gives the share of values
 * below the lower bound ({@code rLo}, exclusive rank) and up to the upper bound ({@code rHi},
 * inclusive rank); the kept values are those between, and their p95 is the sketch's quantile at
 * rank {@code rLo + 0.95 * (rHi - rLo)}. {@code events_after_filter} is {@code round((rHi - rLo) *
 * n)}.
 *
 * <p><b>Error bound.</b> With ε = {@link #rankError(int)} (KLL's normalized rank error at 99%
 * confidence: about 1.33% for k = 200), the target rank is off by at most ε and the quantile query
 * by at most ε more, so the returned value's rank among all n values is within {@code 2ε} of the
 * exact target; relative to the k kept values, its rank is within {@code 2ε·n/k} of 0.95. Sketch
 * size does not grow with n (a few KiB for k = 200).
 */
public final class SketchP95Fn
    extends Combine.CombineFn<List<Double>, SketchP95Fn.Accumulator, ExactP95.Result> {

  private final int k;
  private final long minEventsPerDay;

  public SketchP95Fn(int k, long minEventsPerDay) {
    this.k = k;
    this.minEventsPerDay = minEventsPerDay;
  }

  /** KLL's normalized rank error (single quantile, 99% confidence) for sketch size {@code k}. */
  public static double rankError(int k) {
    return KllDoublesSketch.newHeapInstance(k).getNormalizedRankError(false);
  }

  /** Mutable accumulator: Welford moments plus the sketch. */
  public static final class Accumulator {
    long count;
    double mean;
    double m2;
    KllDoublesSketch sketch;

    Accumulator(KllDoublesSketch sketch) {
      this.sketch = sketch;
    }
  }

  @Override
  public Accumulator createAccumulator() {
    return new Accumulator(KllDoublesSketch.newHeapInstance(k));
  }

  /** Adds a batch of the group's durations. */
  @Override
  public Accumulator addInput(Accumulator acc, List<Double> durations) {
    for (double duration : durations) {
      add(acc, duration);
    }
    return acc;
  }

  private static void add(Accumulator acc, double duration) {
    acc.count++;
    double delta = duration - acc.mean;
    acc.mean += delta / acc.count;
    acc.m2 += delta * (duration - acc.mean);
    acc.sketch.update(duration);
  }

  @Override
  public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
    Accumulator merged = createAccumulator();
    for (Accumulator acc : accumulators) {
      if (acc.count == 0) {
        continue;
      }
      long n = merged.count + acc.count;
      double delta = acc.mean - merged.mean;
      merged.m2 += acc.m2 + delta * delta * merged.count * acc.count / n;
      merged.mean += delta * acc.count / n;
      merged.count = n;
      merged.sketch.merge(acc.sketch);
    }
    return merged;
  }

  /** The group's result, or null when it is dropped (too few events, or sd undefined). */
  @Override
  public ExactP95.Result extractOutput(Accumulator acc) {
    if (acc.count < minEventsPerDay || acc.count < 2) {
      return null;
    }
    double sd = Math.sqrt(acc.m2 / (acc.count - 1));
    double lo = acc.mean - ExactP95.SIGMAS * sd;
    double hi = acc.mean + ExactP95.SIGMAS * sd;
    double rLo = acc.sketch.getRank(lo, QuantileSearchCriteria.EXCLUSIVE);
    double rHi = acc.sketch.getRank(hi, QuantileSearchCriteria.INCLUSIVE);
    double kept = rHi - rLo;
    if (kept <= 0) {
      return null;
    }
    double p95 =
        acc.sketch.getQuantile(
            Math.min(1.0, rLo + ExactP95.QUANTILE * kept), QuantileSearchCriteria.INCLUSIVE);
    return new ExactP95.Result(p95, acc.count, Math.round(kept * acc.count));
  }

  @Override
  public Coder<Accumulator> getAccumulatorCoder(
      CoderRegistry registry, Coder<List<Double>> inputCoder) {
    return AccumulatorCoder.INSTANCE;
  }

  @Override
  public Coder<ExactP95.Result> getDefaultOutputCoder(
      CoderRegistry registry, Coder<List<Double>> inputCoder) {
    return org.apache.beam.sdk.coders.NullableCoder.of(SerializableCoder.of(ExactP95.Result.class));
  }

  static final class AccumulatorCoder extends AtomicCoder<Accumulator> {
    static final AccumulatorCoder INSTANCE = new AccumulatorCoder();

    @Override
    public void encode(Accumulator acc, OutputStream out) throws IOException {
      VarLongCoder.of().encode(acc.count, out);
      DoubleCoder.of().encode(acc.mean, out);
      DoubleCoder.of().encode(acc.m2, out);
      ByteArrayCoder.of().encode(acc.sketch.toByteArray(), out);
    }

    @Override
    public Accumulator decode(InputStream in) throws IOException {
      long count = VarLongCoder.of().decode(in);
      double mean = DoubleCoder.of().decode(in);
      double m2 = DoubleCoder.of().decode(in);
      Accumulator acc =
          new Accumulator(KllDoublesSketch.heapify(Memory.wrap(ByteArrayCoder.of().decode(in))));
      acc.count = count;
      acc.mean = mean;
      acc.m2 = m2;
      return acc;
    }
  }
}
