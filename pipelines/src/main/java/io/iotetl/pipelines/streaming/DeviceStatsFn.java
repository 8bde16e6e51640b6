package io.iotetl.pipelines.streaming;

import io.iotetl.pipelines.model.IotEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;

/** Count, sum, min and max of {@code value} and sum of {@code event_duration}, combinable in any order. */
final class DeviceStatsFn extends Combine.CombineFn<IotEvent, DeviceStatsFn.Stats, DeviceStatsFn.Stats> {

  /** The accumulator, also the result. */
  static final class Stats implements Serializable {
    long count;
    double sumValue;
    double minValue = Double.POSITIVE_INFINITY;
    double maxValue = Double.NEGATIVE_INFINITY;
    double sumDuration;

    double avgValue() {
      return sumValue / count;
    }

    double avgDuration() {
      return sumDuration / count;
    }
  }

  @Override
  public Stats createAccumulator() {
    return new Stats();
  }

  @Override
  public Stats addInput(Stats stats, IotEvent event) {
    stats.count++;
    stats.sumValue += event.value();
    stats.minValue = Math.min(stats.minValue, event.value());
    stats.maxValue = Math.max(stats.maxValue, event.value());
    stats.sumDuration += event.eventDuration();
    return stats;
  }

  @Override
  public Stats mergeAccumulators(Iterable<Stats> accumulators) {
    Stats merged = new Stats();
    for (Stats s : accumulators) {
      merged.count += s.count;
      merged.sumValue += s.sumValue;
      merged.minValue = Math.min(merged.minValue, s.minValue);
      merged.maxValue = Math.max(merged.maxValue, s.maxValue);
      merged.sumDuration += s.sumDuration;
    }
    return merged;
  }

  @Override
  public Stats extractOutput(Stats stats) {
    return stats;
  }

  @Override
  public Coder<Stats> getAccumulatorCoder(CoderRegistry registry, Coder<IotEvent> inputCoder) {
    return StatsCoder.INSTANCE;
  }

  @Override
  public Coder<Stats> getDefaultOutputCoder(CoderRegistry registry, Coder<IotEvent> inputCoder)
      throws CannotProvideCoderException {
    return StatsCoder.INSTANCE;
  }

  static final class StatsCoder extends AtomicCoder<Stats> {
    static final StatsCoder INSTANCE = new StatsCoder();

    @Override
    public void encode(Stats s, OutputStream out) throws IOException {
      VarLongCoder.of().encode(s.count, out);
      DoubleCoder.of().encode(s.sumValue, out);
      DoubleCoder.of().encode(s.minValue, out);
      DoubleCoder.of().encode(s.maxValue, out);
      DoubleCoder.of().encode(s.sumDuration, out);
    }

    @Override
    public Stats decode(InputStream in) throws IOException {
      Stats s = new Stats();
      s.count = VarLongCoder.of().decode(in);
      s.sumValue = DoubleCoder.of().decode(in);
      s.minValue = DoubleCoder.of().decode(in);
      s.maxValue = DoubleCoder.of().decode(in);
      s.sumDuration = DoubleCoder.of().decode(in);
      return s;
    }
  }
}
