package io.iotetl.pipelines.io;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;

/**
 * File names without ':' (Hadoop-based readers reject Beam's default windowed names), made of
 * window, run id, pane and shard: {@code
 * <prefix>-<windowStart>-<windowEnd>-<runId>-pane-<n>-shard-<i>-of-<n><suffix>} for interval
 * windows and {@code <prefix>-<runId>-pane-<n>-shard-<i>-of-<n><suffix>} for the global window. A
 * job restored from its checkpoint keeps its run id and its pane numbers, so a replayed micro-batch
 * writes the same names with the same content; a new run has a new id, so no run ever replaces
 * another run's file (panes restart at 0 in each run, and a window can get a first pane again in a
 * run that did not write it).
 */
public final class PaneFileNaming implements FileIO.Write.FileNaming {

  private static final DateTimeFormatter COMPACT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String prefix;
  private final String suffix;
  private final String runId;

  private PaneFileNaming(String prefix, String suffix, String runId) {
    this.prefix = prefix;
    this.suffix = suffix;
    this.runId = runId;
  }

  /** Names for the files of one run ({@code runId}): window (if any), run, pane and shard. */
  public static PaneFileNaming perRun(String prefix, String suffix, String runId) {
    return new PaneFileNaming(prefix, suffix, runId);
  }

  @Override
  public String getFilename(
      BoundedWindow window, PaneInfo pane, int numShards, int shardIndex, Compression compression) {
    String scope =
        window instanceof IntervalWindow interval
            ? compact(interval.start().getMillis())
                + "-"
                + compact(interval.end().getMillis())
                + "-"
                + runId
            : runId;
    long paneIndex = pane == null ? 0 : pane.getIndex();
    return String.format(
        "%s-%s-pane-%d-shard-%d-of-%d%s", prefix, scope, paneIndex, shardIndex, numShards, suffix);
  }

  static String compact(long millis) {
    return COMPACT.format(Instant.ofEpochMilli(millis));
  }
}
