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
 * File names without ':' (Hadoop-based readers reject Beam's default windowed names), made only of
 * window, pane and shard, so the same input gives the same names:
 * {@code <prefix>-<windowStart>-<windowEnd>-pane-<n>-shard-<i>-of-<n><suffix>} for interval windows
 * and {@code <prefix>-<runId>-pane-<n>-shard-<i>-of-<n><suffix>} for the global window (whose panes
 * restart at 0 in each run; the run id keeps runs from overwriting each other).
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

  /** For interval windows: the window's bounds name the file, so a re-run writes the same names. */
  public static PaneFileNaming perWindow(String prefix, String suffix) {
    return new PaneFileNaming(prefix, suffix, "");
  }

  /** For the global window, whose panes restart at 0 in each run: {@code runId} keeps runs apart. */
  public static PaneFileNaming perRun(String prefix, String suffix, String runId) {
    return new PaneFileNaming(prefix, suffix, runId);
  }

  @Override
  public String getFilename(BoundedWindow window, PaneInfo pane, int numShards, int shardIndex, Compression compression) {
    String scope = window instanceof IntervalWindow interval
        ? compact(interval.start().getMillis()) + "-" + compact(interval.end().getMillis())
        : runId;
    long paneIndex = pane == null ? 0 : pane.getIndex();
    return String.format("%s-%s-pane-%d-shard-%d-of-%d%s", prefix, scope, paneIndex, shardIndex, numShards, suffix);
  }

  static String compact(long millis) {
    return COMPACT.format(Instant.ofEpochMilli(millis));
  }
}
