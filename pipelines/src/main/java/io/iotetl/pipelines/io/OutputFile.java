package io.iotetl.pipelines.io;

import io.iotetl.pipelines.model.IotEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * Where a flushed row goes: its output ({@link Kind}) and its Hive partition within it ({@code
 * event_date=YYYY-MM-DD}, or empty for an unpartitioned output). The destination of {@link
 * WriteFlushedOutputs}.
 */
public record OutputFile(Kind kind, String partition) implements Serializable {

  /** The outputs flushed on a timer: folder, file prefix and suffix. */
  public enum Kind {
    RAW_EVENTS("raw_events", "raw-events", ".parquet"),
    LATE_EVENTS("late_events", "late-events", ".parquet"),
    DEAD_LETTERS("dead_letter", "dead-letters", ".jsonl");

    private final String folder;
    private final String filePrefix;
    private final String suffix;

    Kind(String folder, String filePrefix, String suffix) {
      this.folder = folder;
      this.filePrefix = filePrefix;
      this.suffix = suffix;
    }

    public String folder() {
      return folder;
    }

    public String suffix() {
      return suffix;
    }
  }

  public OutputFile {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(partition, "partition");
  }

  /** The file of an event in {@code kind}, partitioned by its UTC date. */
  static OutputFile forEvent(Kind kind, IotEvent event) {
    return new OutputFile(kind, "event_date=" + event.eventDate());
  }

  /** The (unpartitioned) file of dead letters. */
  static final OutputFile DEAD_LETTERS = new OutputFile(Kind.DEAD_LETTERS, "");

  /**
   * The path of the file relative to the output root, without the run, pane and shard parts ({@link
   * PaneFileNaming}): {@code raw_events/event_date=2026-01-01/raw-events}.
   */
  public String prefix() {
    return kind.folder + "/" + (partition.isEmpty() ? "" : partition + "/") + kind.filePrefix;
  }

  /** Kind by ordinal, then the partition. */
  static final class Coder extends AtomicCoder<OutputFile> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(OutputFile file, OutputStream out) throws IOException {
      VarIntCoder.of().encode(file.kind.ordinal(), out);
      StringUtf8Coder.of().encode(file.partition, out);
    }

    @Override
    public OutputFile decode(InputStream in) throws IOException {
      return new OutputFile(
          Kind.values()[VarIntCoder.of().decode(in)], StringUtf8Coder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}

    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }
}
