package io.iotetl.pipelines.transforms;

import java.util.List;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;

/** The key of a {@link BatchWithinBundles} list: the file destination of all its values. */
public final class BatchKey<K, V> implements SerializableFunction<KV<K, List<V>>, K> {
  @Override
  public K apply(KV<K, List<V>> batch) {
    return batch.getKey();
  }
}
