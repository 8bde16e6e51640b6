package io.iotetl.pipelines.io;

import com.google.auto.value.AutoValue;
import io.iotetl.pipelines.transforms.BatchWithinBundles;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes each pane of each destination as one file per shard, straight under its final name: one
 * grouping, then one write. Input is {@code (destination, row)} pairs, windowed and triggered by
 * the caller (for example {@code FlushWindows}); output is the path of every file written. A pane
 * with no rows (the closing pane of a window) writes no file.
 *
 * <pre>{@code
 * rows.apply("WritePaneFiles",
 *     WritePaneFiles.<String, Row>to(
 *             "s3://bucket/out",
 *             date -> PaneFileNaming.perRun("date=" + date + "/rows", ".parquet", runId),
 *             date -> new RowSink())
 *         .withNumShards(2));
 * }</pre>
 *
 * <p>Names are deterministic (window, pane and shard, {@link PaneFileNaming}), and a row's shard is
 * a hash of its encoding, so a replayed pane writes the same files with the same rows. On S3 and
 * GCS an object appears only when its upload completes, so each file is uploaded to its final key
 * and a failed write leaves nothing visible. Elsewhere (a local disk, HDFS) a file is written in a
 * hidden {@code .temp-beam/} folder beside its final name and renamed into place.
 *
 * <p>Why not {@link FileIO}: a windowed FileIO write writes temporary files, gathers their names in
 * two more groupings and renames them in a later step, which on S3 is one more copy of every
 * object. On the Spark runner each grouping is a stateful stream checkpointed every micro-batch,
 * and the copy delays every file by a micro-batch.
 */
@AutoValue
public abstract class WritePaneFiles<DestT, V>
    extends PTransform<PCollection<KV<DestT, V>>, PCollection<String>> {

  /** Schemes whose uploads only become visible when complete. */
  private static final Set<String> ATOMIC_UPLOAD_SCHEMES = Set.of("s3", "gs");

  /** The hidden folder of files being written, as Beam's own file writes name it. */
  static final String TEMP_FOLDER = ".temp-beam";

  abstract String root();

  abstract int numShards();

  abstract SerializableFunction<DestT, FileIO.Write.FileNaming> naming();

  abstract SerializableFunction<DestT, FileIO.Sink<V>> sinks();

  abstract Builder<DestT, V> toBuilder();

  @AutoValue.Builder
  abstract static class Builder<DestT, V> {
    abstract Builder<DestT, V> setRoot(String root);

    abstract Builder<DestT, V> setNumShards(int numShards);

    abstract Builder<DestT, V> setNaming(SerializableFunction<DestT, FileIO.Write.FileNaming> f);

    abstract Builder<DestT, V> setSinks(SerializableFunction<DestT, FileIO.Sink<V>> sinks);

    abstract WritePaneFiles<DestT, V> build();
  }

  /**
   * Files under {@code root}, named by {@code naming} (relative to the root) and written by a new
   * sink from {@code sinks} each; one shard per destination and pane.
   */
  public static <DestT, V> WritePaneFiles<DestT, V> to(
      String root,
      SerializableFunction<DestT, FileIO.Write.FileNaming> naming,
      SerializableFunction<DestT, FileIO.Sink<V>> sinks) {
    return new AutoValue_WritePaneFiles.Builder<DestT, V>()
        .setRoot(root)
        .setNumShards(1)
        .setNaming(naming)
        .setSinks(sinks)
        .build();
  }

  /** Files per destination and pane; each row goes to the shard its encoding hashes to. */
  public WritePaneFiles<DestT, V> withNumShards(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("numShards must be at least 1, got " + shards);
    }
    return toBuilder().setNumShards(shards).build();
  }

  @Override
  public PCollection<String> expand(PCollection<KV<DestT, V>> rows) {
    KvCoder<DestT, V> coder = (KvCoder<DestT, V>) rows.getCoder();
    KvCoder<KV<DestT, Integer>, V> shardedCoder =
        KvCoder.of(KvCoder.of(coder.getKeyCoder(), VarIntCoder.of()), coder.getValueCoder());
    return rows.apply(
            "AssignShards",
            ParDo.of(new AssignShardFn<DestT, V>(coder.getValueCoder(), numShards())))
        .setCoder(shardedCoder)
        .apply("BatchPerBundle", BatchWithinBundles.create())
        .apply("GroupPanesPerFile", GroupByKey.create())
        .apply(
            "WritePaneFile",
            ParDo.of(new WritePaneFn<DestT, V>(root(), numShards(), naming(), sinks())))
        .setCoder(StringUtf8Coder.of());
  }

  /** {@code ((destination, shard), row)}: the shard is a hash of the row's encoding. */
  static final class AssignShardFn<DestT, V> extends DoFn<KV<DestT, V>, KV<KV<DestT, Integer>, V>> {
    private final Coder<V> valueCoder;
    private final int numShards;

    AssignShardFn(Coder<V> valueCoder, int numShards) {
      this.valueCoder = valueCoder;
      this.numShards = numShards;
    }

    @ProcessElement
    public void processElement(
        @Element KV<DestT, V> row, OutputReceiver<KV<KV<DestT, Integer>, V>> out)
        throws IOException {
      int shard =
          numShards == 1
              ? 0
              : Math.floorMod(
                  Arrays.hashCode(CoderUtils.encodeToByteArray(valueCoder, row.getValue())),
                  numShards);
      out.output(KV.of(KV.of(row.getKey(), shard), row.getValue()));
    }
  }

  /** Writes one pane of one destination and shard as one file. */
  static final class WritePaneFn<DestT, V>
      extends DoFn<KV<KV<DestT, Integer>, Iterable<List<V>>>, String> {
    private final String root;
    private final int numShards;
    private final SerializableFunction<DestT, FileIO.Write.FileNaming> naming;
    private final SerializableFunction<DestT, FileIO.Sink<V>> sinks;

    WritePaneFn(
        String root,
        int numShards,
        SerializableFunction<DestT, FileIO.Write.FileNaming> naming,
        SerializableFunction<DestT, FileIO.Sink<V>> sinks) {
      this.root = root;
      this.numShards = numShards;
      this.naming = naming;
      this.sinks = sinks;
    }

    @ProcessElement
    public void processElement(
        @Element KV<KV<DestT, Integer>, Iterable<List<V>>> pane,
        BoundedWindow window,
        PaneInfo paneInfo,
        OutputReceiver<String> out)
        throws IOException {
      if (isEmpty(pane.getValue())) {
        return; // the closing pane of a window that ends with nothing new: no empty file
      }
      DestT destination = pane.getKey().getKey();
      int shard = pane.getKey().getValue();
      String name =
          naming
              .apply(destination)
              .getFilename(window, paneInfo, numShards, shard, Compression.UNCOMPRESSED);
      ResourceId target =
          FileSystems.matchNewResource(root, true)
              .resolve(name, StandardResolveOptions.RESOLVE_FILE);
      boolean atomic = ATOMIC_UPLOAD_SCHEMES.contains(target.getScheme());
      ResourceId written = atomic ? target : temporaryBeside(target);
      write(sinks.apply(destination), pane.getValue(), written);
      if (!atomic) {
        FileSystems.rename(List.of(written), List.of(target));
      }
      out.output(target.toString());
    }

    /**
     * Writes every row, then closes the file. On a failure the channel is left unclosed: closing an
     * upload completes it, and a half-written object must never appear.
     */
    private static <V> void write(FileIO.Sink<V> sink, Iterable<List<V>> batches, ResourceId file)
        throws IOException {
      WritableByteChannel channel = FileSystems.create(file, MimeTypes.BINARY);
      sink.open(channel);
      for (List<V> batch : batches) {
        for (V row : batch) {
          sink.write(row);
        }
      }
      sink.flush();
      if (channel.isOpen()) {
        channel.close();
      }
    }

    private static <V> boolean isEmpty(Iterable<List<V>> batches) {
      for (List<V> batch : batches) {
        if (!batch.isEmpty()) {
          return false;
        }
      }
      return true;
    }

    private static ResourceId temporaryBeside(ResourceId target) {
      return target
          .getCurrentDirectory()
          .resolve(TEMP_FOLDER, StandardResolveOptions.RESOLVE_DIRECTORY)
          .resolve(
              UUID.randomUUID() + "-" + target.getFilename(), StandardResolveOptions.RESOLVE_FILE);
    }
  }
}
