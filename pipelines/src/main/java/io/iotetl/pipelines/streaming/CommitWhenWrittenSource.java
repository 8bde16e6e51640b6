package io.iotetl.pipelines.streaming;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.kafka.KafkaCheckpointMark;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaUnboundedSources;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * A KafkaIO source whose offsets are committed to the consumer group only once everything read
 * before them is written (see {@link PendingCommits}), so a restart without the job's checkpoint
 * re-reads what was in flight instead of losing it.
 *
 * <p>Why not KafkaIO's {@code commitOffsetsInFinalize()}: the Spark runner finalizes a checkpoint
 * as soon as a micro-batch is <em>read</em> ({@code MicrobatchSource}), before any of it is
 * written; raw rows wait {@code --flushSeconds} and window rows wait for the watermark. A job
 * stopped in between restarted at offsets past records it had not written. Here the reader commits
 * a position only when its records' windows have fired and a write delay has passed.
 *
 * <p>The positions waiting for commit are kept per pipeline instance in this JVM (a runner may
 * re-create the reader between micro-batches), not in the checkpoint mark, whose encoding stays
 * KafkaIO's. A reader resumed from a checkpoint in a new process has not seen the events before its
 * position, so it first waits for the watermark to pass the clock plus {@code maxFuture}.
 */
final class CommitWhenWrittenSource<K, V>
    extends ForwardingSource<KafkaRecord<K, V>, KafkaCheckpointMark> {

  private static final Map<String, PendingCommits<KafkaCheckpointMark>> PENDING =
      new ConcurrentHashMap<>();

  private final String instance;
  private final long windowMillis;
  private final long writeDelayMillis;
  private final long maxFutureMillis;

  private CommitWhenWrittenSource(
      UnboundedSource<KafkaRecord<K, V>, KafkaCheckpointMark> source,
      String instance,
      long windowMillis,
      long writeDelayMillis,
      long maxFutureMillis) {
    super(source);
    this.instance = instance;
    this.windowMillis = windowMillis;
    this.writeDelayMillis = writeDelayMillis;
    this.maxFutureMillis = maxFutureMillis;
  }

  /**
   * Wraps a KafkaIO source built without {@code commitOffsetsInFinalize()}. {@code window} is the
   * aggregate window size, {@code writeDelay} the time the sinks need after a window fires or a raw
   * record is read, {@code maxFuture} how far ahead of the clock an accepted event time can be.
   */
  static <K, V> CommitWhenWrittenSource<K, V> of(
      UnboundedSource<KafkaRecord<K, V>, KafkaCheckpointMark> source,
      Duration window,
      Duration writeDelay,
      Duration maxFuture) {
    return new CommitWhenWrittenSource<>(
        source,
        UUID.randomUUID().toString(),
        window.getMillis(),
        writeDelay.getMillis(),
        maxFuture.getMillis());
  }

  @Override
  public List<CommitWhenWrittenSource<K, V>> split(int desiredNumSplits, PipelineOptions options)
      throws Exception {
    List<? extends UnboundedSource<KafkaRecord<K, V>, KafkaCheckpointMark>> parts =
        source.split(desiredNumSplits, options);
    return parts.stream()
        .map(
            part ->
                new CommitWhenWrittenSource<>(
                    part,
                    parts.size() == 1 ? instance : UUID.randomUUID().toString(),
                    windowMillis,
                    writeDelayMillis,
                    maxFutureMillis))
        .collect(Collectors.toList());
  }

  @Override
  public UnboundedReader<KafkaRecord<K, V>> createReader(
      PipelineOptions options, @Nullable KafkaCheckpointMark mark) throws IOException {
    PendingCommits<KafkaCheckpointMark> pending =
        PENDING.computeIfAbsent(
            instance,
            id ->
                new PendingCommits<>(
                    windowMillis,
                    writeDelayMillis,
                    mark == null ? Long.MIN_VALUE : System.currentTimeMillis() + maxFutureMillis));
    if (mark == null) {
      pending.resumedAtCommitted();
    } else {
      pending.resumedAt(positions(mark));
    }
    return new Reader(source.createReader(options, mark), pending);
  }

  private static Map<Integer, Long> positions(KafkaCheckpointMark mark) {
    return mark.getPartitions().stream()
        .collect(
            Collectors.toMap(
                KafkaCheckpointMark.PartitionMark::getPartition,
                KafkaCheckpointMark.PartitionMark::getNextOffset,
                Math::max));
  }

  /** Records event times and read positions, and commits those that are due. */
  private final class Reader extends ForwardingReader<KafkaRecord<K, V>> {
    private final PendingCommits<KafkaCheckpointMark> pending;

    Reader(UnboundedReader<KafkaRecord<K, V>> reader, PendingCommits<KafkaCheckpointMark> pending) {
      super(reader, CommitWhenWrittenSource.this);
      this.pending = pending;
    }

    @Override
    public boolean start() throws IOException {
      return read(reader.start());
    }

    @Override
    public boolean advance() throws IOException {
      return read(reader.advance());
    }

    private boolean read(boolean available) {
      if (available) {
        pending.read(reader.getCurrentTimestamp().getMillis());
      }
      return available;
    }

    @Override
    public CheckpointMark getCheckpointMark() {
      KafkaCheckpointMark mark = (KafkaCheckpointMark) reader.getCheckpointMark();
      long now = System.currentTimeMillis();
      long watermark = reader.getWatermark().getMillis();
      pending.reached(positions(mark), mark, watermark, now);
      commitDue(watermark, now);
      return mark;
    }

    private void commitDue(long watermark, long now) {
      pending.due(watermark, now).ifPresent(due -> KafkaUnboundedSources.commitAsync(reader, due));
    }

    @Override
    public void close() throws IOException {
      commitDue(reader.getWatermark().getMillis(), System.currentTimeMillis());
      reader.close(); // KafkaIO's reader commits what was asked before it closes its consumer
    }
  }
}
