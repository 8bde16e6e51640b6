package io.iotetl.pipelines.transforms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Gathers the values of each key and window within a bundle into one list, so that a following
 * GroupByKey buffers a few lists instead of many single values. Windows, keys and values are
 * unchanged; only the element count drops.
 *
 * <p>Why: the Spark runner's streaming state re-encodes a key's whole buffer each time one element
 * is added to it ({@code SparkStateInternals.SparkBagState.add} in Beam 2.70), so buffering n
 * elements under one key and window costs O(n²) encodes. With one list per bundle (on Spark: per
 * partition and micro-batch) the cost is n times the number of bundles.
 *
 * <pre>{@code
 * PCollection<KV<String, List<IotEvent>>> batches = keyed.apply("BatchPerBundle", BatchWithinBundles.create());
 * }</pre>
 */
public final class BatchWithinBundles<K, V>
    extends PTransform<PCollection<KV<K, V>>, PCollection<KV<K, List<V>>>> {

  private final int maxBatchSize;

  private BatchWithinBundles(int maxBatchSize) {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
    }
    this.maxBatchSize = maxBatchSize;
  }

  /** Lists of at most 10,000 values. */
  public static <K, V> BatchWithinBundles<K, V> create() {
    return new BatchWithinBundles<>(10_000);
  }

  /**
   * Caps the values per list: a list that reaches the cap is emitted at once and a new one begins.
   */
  public BatchWithinBundles<K, V> withMaxBatchSize(int size) {
    return new BatchWithinBundles<>(size);
  }

  @Override
  public PCollection<KV<K, List<V>>> expand(PCollection<KV<K, V>> input) {
    KvCoder<K, V> coder = (KvCoder<K, V>) input.getCoder();
    return input
        .apply("GatherPerKeyAndWindow", ParDo.of(new BatchFn<>(coder.getKeyCoder(), maxBatchSize)))
        .setCoder(KvCoder.of(coder.getKeyCoder(), ListCoder.of(coder.getValueCoder())));
  }

  /** Lists per key and window, emitted when full and at the end of each bundle. */
  static final class BatchFn<K, V> extends DoFn<KV<K, V>, KV<K, List<V>>> {
    private final Coder<K> keyCoder;
    private final int maxBatchSize;
    private transient Map<BatchId, Batch<K, V>> open;

    BatchFn(Coder<K> keyCoder, int maxBatchSize) {
      this.keyCoder = keyCoder;
      this.maxBatchSize = maxBatchSize;
    }

    @StartBundle
    public void startBundle() {
      open = new HashMap<>();
    }

    @ProcessElement
    public void processElement(
        @Element KV<K, V> element,
        @Timestamp Instant timestamp,
        BoundedWindow window,
        OutputReceiver<KV<K, List<V>>> out) {
      BatchId id = new BatchId(window, keyCoder.structuralValue(element.getKey()));
      Batch<K, V> batch =
          open.computeIfAbsent(id, ignored -> new Batch<>(element.getKey(), timestamp));
      batch.values.add(element.getValue());
      if (batch.values.size() >= maxBatchSize) {
        open.remove(id);
        out.outputWithTimestamp(KV.of(batch.key, batch.values), timestamp);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      open.forEach(
          (id, batch) ->
              context.output(KV.of(batch.key, batch.values), batch.firstTimestamp, id.window));
      open = null;
    }
  }

  private record BatchId(BoundedWindow window, Object structuralKey) {
    BatchId {
      Objects.requireNonNull(window);
    }
  }

  private static final class Batch<K, V> {
    final K key;
    final Instant firstTimestamp;
    final List<V> values = new ArrayList<>();

    Batch(K key, Instant firstTimestamp) {
      this.key = key;
      this.firstTimestamp = firstTimestamp;
    }
  }
}
