package io.iotetl.pipelines.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/**
 * What the streaming job wrote under one output root, checked against the events that were sent.
 */
public final class OutputAudit {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BucketReader bucket;
  private final String root;

  public OutputAudit(BucketReader bucket, String root) {
    this.bucket = bucket;
    this.root = root;
  }

  public List<GenericRecord> raw() {
    return bucket.parquetRows(root + "/raw_events/");
  }

  public List<GenericRecord> late() {
    return bucket.parquetRows(root + "/late_events/");
  }

  /** Rejection reason to count, from the dead-letter JSON lines. */
  public Map<String, Integer> deadLettersByReason() {
    Map<String, Integer> reasons = new TreeMap<>();
    bucket
        .textLines(root + "/dead_letter/")
        .forEach(line -> reasons.merge(reason(line), 1, Integer::sum));
    return reasons;
  }

  private static String reason(String deadLetter) {
    try {
      return JSON.readTree(deadLetter).get("reason").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("not a dead-letter JSON line: " + deadLetter, e);
    }
  }

  /**
   * Waits until {@code raw_events/} holds {@code expected} distinct events, printing progress;
   * {@code stillRunning} is checked first on every round (it throws when the job has died).
   */
  public void awaitRawEvents(int expected, int seconds, Runnable stillRunning)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (true) {
      stillRunning.run();
      List<GenericRecord> raw = raw();
      int distinct = BucketReader.eventIds(raw).size();
      System.err.printf(
          "[audit] %s: raw rows %d, distinct %d of %d%n", root, raw.size(), distinct, expected);
      if (distinct >= expected) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            root
                + ": only "
                + distinct
                + " of "
                + expected
                + " events in raw_events/ after "
                + seconds
                + " s");
      }
      Thread.sleep(3_000);
    }
  }

  /**
   * Waits until the {@code events} valid events are counted in their windows or are in {@code
   * late_events/}: raw rows are written as events arrive, aggregate rows when their window closes
   * (window end + allowed lateness behind the watermark), so these come later.
   */
  public void awaitEveryEventCounted(int events, int seconds, Runnable stillRunning)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (true) {
      stillRunning.run();
      long counted = countedInWindows() + BucketReader.eventIds(late()).size();
      System.err.printf("[audit] %s: counted in windows or late %d of %d%n", root, counted, events);
      if (counted >= events) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            root
                + ": only "
                + counted
                + " of "
                + events
                + " events counted in a window or late after "
                + seconds
                + " s");
      }
      Thread.sleep(3_000);
    }
  }

  private long countedInWindows() {
    return bucket.parquetRows(root + "/stream_output/").stream()
        .mapToLong(row -> (Long) row.get("event_count"))
        .sum();
  }

  /**
   * Every sent valid event is in {@code raw_events/} exactly once and nothing else is, plus {@link
   * #assertWindowsOnceAndEveryEventCounted} and {@link #assertNoTemporaryFiles}.
   */
  public void assertEachEventExactlyOnce(Set<String> sent) {
    List<GenericRecord> raw = raw();
    assertThat(
        root + ": raw_events/ holds exactly the sent valid events",
        BucketReader.eventIds(raw),
        is(sent));
    assertThat(root + ": raw rows (a duplicate would add one)", raw.size(), is(sent.size()));
    assertWindowsOnceAndEveryEventCounted(sent.size());
    assertNoTemporaryFiles();
  }

  /**
   * Each window and device type has one aggregate row; each of the {@code events} valid events is
   * counted in its window or is in {@code late_events/}.
   */
  public void assertWindowsOnceAndEveryEventCounted(int events) {
    Map<String, Integer> rowsPerWindow = new HashMap<>();
    long counted = 0;
    for (GenericRecord row : bucket.parquetRows(root + "/stream_output/")) {
      rowsPerWindow.merge(row.get("window_start") + "/" + row.get("device_type"), 1, Integer::sum);
      counted += (Long) row.get("event_count");
    }
    List<String> repeated = new ArrayList<>();
    rowsPerWindow.forEach(
        (window, rows) -> {
          if (rows > 1) {
            repeated.add(window);
          }
        });
    assertThat(root + ": windows with more than one aggregate row", repeated, is(empty()));
    Set<String> late = BucketReader.eventIds(late());
    assertThat(
        root + ": events counted in a window plus events in late_events/",
        counted + late.size(),
        is((long) events));
  }

  /** No file write left anything behind: no Beam temporary file under the outputs. */
  public void assertNoTemporaryFiles() {
    assertThat(
        root + ": temporary files left visible",
        bucket.allKeys(root + "/").stream().filter(key -> key.contains(".temp-beam")).toList(),
        is(empty()));
  }

  /**
   * What a job killed mid-write may leave: temporary files, but only inside Beam's hidden {@code
   * .temp-beam/} directories, which readers skip; every other file is a complete output file.
   */
  public void assertTemporaryFilesOnlyInHiddenDirectories() {
    assertThat(
        root + ": files outside the outputs' data files and hidden temp directories",
        bucket.allKeys(root + "/").stream()
            .filter(
                key ->
                    !key.contains("/.temp-beam/")
                        && !key.endsWith(".parquet")
                        && !key.endsWith(".jsonl"))
            .toList(),
        is(empty()));
  }
}
