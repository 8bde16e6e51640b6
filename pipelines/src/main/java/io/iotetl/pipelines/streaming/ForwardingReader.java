package io.iotetl.pipelines.streaming;

import java.io.IOException;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.UnboundedSource.UnboundedReader;
import org.joda.time.Instant;

/**
 * An {@link UnboundedReader} that forwards every call to another; subclasses override what they
 * change.
 */
abstract class ForwardingReader<T> extends UnboundedReader<T> {

  protected final UnboundedReader<T> reader;
  private final UnboundedSource<T, ?> source;

  /** {@code source} is the wrapping source that created this reader. */
  ForwardingReader(UnboundedReader<T> reader, UnboundedSource<T, ?> source) {
    this.reader = reader;
    this.source = source;
  }

  @Override
  public boolean start() throws IOException {
    return reader.start();
  }

  @Override
  public boolean advance() throws IOException {
    return reader.advance();
  }

  @Override
  public T getCurrent() throws NoSuchElementException {
    return reader.getCurrent();
  }

  @Override
  public Instant getCurrentTimestamp() throws NoSuchElementException {
    return reader.getCurrentTimestamp();
  }

  @Override
  public byte[] getCurrentRecordId() throws NoSuchElementException {
    return reader.getCurrentRecordId();
  }

  @Override
  public Instant getWatermark() {
    return reader.getWatermark();
  }

  @Override
  public UnboundedSource.CheckpointMark getCheckpointMark() {
    return reader.getCheckpointMark();
  }

  @Override
  public long getSplitBacklogBytes() {
    return reader.getSplitBacklogBytes();
  }

  @Override
  public long getTotalBacklogBytes() {
    return reader.getTotalBacklogBytes();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  @Override
  public UnboundedSource<T, ?> getCurrentSource() {
    return source;
  }
}
