package io.iotetl.pipelines.streaming;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.UnboundedSource;

/**
 * An {@link UnboundedSource} wrapping another with the same records and checkpoint marks;
 * subclasses decide how it splits and what its readers do ({@link ForwardingReader}).
 */
abstract class ForwardingSource<T, C extends UnboundedSource.CheckpointMark>
    extends UnboundedSource<T, C> {

  protected final UnboundedSource<T, C> source;

  ForwardingSource(UnboundedSource<T, C> source) {
    this.source = source;
  }

  @Override
  public Coder<C> getCheckpointMarkCoder() {
    return source.getCheckpointMarkCoder();
  }

  @Override
  public boolean requiresDeduping() {
    return source.requiresDeduping();
  }

  @Override
  public Coder<T> getOutputCoder() {
    return source.getOutputCoder();
  }

  @Override
  public void validate() {
    source.validate();
  }
}
