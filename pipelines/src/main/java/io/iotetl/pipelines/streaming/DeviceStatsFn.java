package io.iotetl.pipelines.streaming;

import io.iotetl.pipelines.model.IotEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Statistics of the distinct events of one device type in one window: a re-delivered event (same
 * {@code event_id}) counts once. The accumulator keeps {@code value} and {@code event_duration} per
 * event id, sorted, so the sums are computed in the same order whatever the arrival order and the
 * output is bit-for-bit reproducible.
 */
final class DeviceStatsFn extends Combine.CombineFn<IotEvent, DeviceStatsFn.Events, DeviceStatsFn.Stats> {

  /** Accumulator: event id to {value, duration}. */
  static final class Events {
    final TreeMap<String, double[]> byId = new TreeMap<>();
  }

  /** The result for one window and device type. */
  record Stats(long count, double avgValue, double minValue, double maxValue, double avgDuration)
      implements java.io.Serializable {}

  @Override
  public Events createAccumulator() {
    return new Events();
  }

  @Override
  public Events addInput(Events events, IotEvent event) {
    events.byId.putIfAbsent(event.eventId(), new double[] {event.value(), event.eventDuration()});
    return events;
  }

  @Override
  public Events mergeAccumulators(Iterable<Events> accumulators) {
    Events merged = new Events();
    for (Events events : accumulators) {
      events.byId.forEach(merged.byId::putIfAbsent);
    }
    return merged;
  }

  @Override
  public Stats extractOutput(Events events) {
    double sumValue = 0;
    double sumDuration = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] e : events.byId.values()) {
      sumValue += e[0];
      sumDuration += e[1];
      min = Math.min(min, e[0]);
      max = Math.max(max, e[0]);
    }
    long n = events.byId.size();
    return new Stats(n, sumValue / n, min, max, sumDuration / n);
  }

  @Override
  public Coder<Events> getAccumulatorCoder(CoderRegistry registry, Coder<IotEvent> inputCoder) {
    return EventsCoder.INSTANCE;
  }

  @Override
  public Coder<Stats> getDefaultOutputCoder(CoderRegistry registry, Coder<IotEvent> inputCoder) {
    return org.apache.beam.sdk.coders.SerializableCoder.of(Stats.class);
  }

  static final class EventsCoder extends AtomicCoder<Events> {
    static final EventsCoder INSTANCE = new EventsCoder();

    @Override
    public void encode(Events events, OutputStream out) throws IOException {
      VarIntCoder.of().encode(events.byId.size(), out);
      for (Map.Entry<String, double[]> e : events.byId.entrySet()) {
        StringUtf8Coder.of().encode(e.getKey(), out);
        DoubleCoder.of().encode(e.getValue()[0], out);
        DoubleCoder.of().encode(e.getValue()[1], out);
      }
    }

    @Override
    public Events decode(InputStream in) throws IOException {
      Events events = new Events();
      int size = VarIntCoder.of().decode(in);
      for (int i = 0; i < size; i++) {
        events.byId.put(StringUtf8Coder.of().decode(in), new double[] {DoubleCoder.of().decode(in), DoubleCoder.of().decode(in)});
      }
      return events;
    }
  }
}
