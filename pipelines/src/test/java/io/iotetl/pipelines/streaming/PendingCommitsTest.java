package io.iotetl.pipelines.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PendingCommitsTest {

  private static final long WINDOW = 60_000;
  private static final long DELAY = 10_000;
  private static final long T = 1_800_000_000_000L; // an event time

  @Test
  void positionIsDueOnlyOnceItsWindowsFiredAndTheWriteDelayPassed() {
    PendingCommits<String> pending = new PendingCommits<>(WINDOW, DELAY, Long.MIN_VALUE);
    pending.read(T);
    pending.reached(Map.of(0, 5L), "m1", T - 120_000, 0);

    assertThat("window still open", pending.due(T + WINDOW - 1, 60_000), is(Optional.empty()));
    assertThat("window fired just now", pending.due(T + WINDOW, 61_000), is(Optional.empty()));
    assertThat(pending.due(T + WINDOW, 61_000 + DELAY - 1), is(Optional.empty()));
    assertThat(pending.due(T + WINDOW, 61_000 + DELAY), is(Optional.of("m1")));
    assertThat("committed once", pending.due(T + WINDOW, 200_000), is(Optional.empty()));
  }

  @Test
  void lateEventReadAfterNewerOnesDoesNotHoldTheCommitBack() {
    PendingCommits<String> pending = new PendingCommits<>(WINDOW, DELAY, Long.MIN_VALUE);
    pending.read(T);
    pending.read(T - 3_600_000); // an hour late: its (late) pane is written within the delay
    pending.reached(Map.of(0, 2L), "m1", T, 0);
    assertThat(pending.due(T + WINDOW, 1_000), is(Optional.empty()));
    assertThat(pending.due(T + WINDOW, 1_000 + DELAY), is(Optional.of("m1")));
  }

  @Test
  void newestDuePositionIsCommittedAndOlderOnesForgotten() {
    PendingCommits<String> pending = new PendingCommits<>(WINDOW, DELAY, Long.MIN_VALUE);
    pending.read(T);
    pending.reached(Map.of(0, 5L), "m1", 0, 0);
    pending.read(T + 1_000);
    pending.reached(Map.of(0, 9L), "m2", 0, 2_000);
    pending.read(T + 600_000);
    pending.reached(Map.of(0, 20L), "m3", 0, 4_000);

    assertThat(pending.due(T + 1_000 + WINDOW, 100_000), is(Optional.empty()));
    assertThat(pending.due(T + 1_000 + WINDOW, 100_000 + DELAY), is(Optional.of("m2")));
    assertThat(pending.size(), is(1));
  }

  @Test
  void backlogHeldWatermarkCommitsNothing() {
    PendingCommits<String> pending = new PendingCommits<>(WINDOW, DELAY, Long.MIN_VALUE);
    for (int i = 0; i < 100; i++) {
      pending.read(T + i * 60_000L);
      pending.reached(Map.of(0, (long) i), "m" + i, 0, i * 2_000L);
      assertThat(pending.due(0, i * 2_000L), is(Optional.empty()));
    }
  }

  @Test
  void readerResumedInANewProcessWaitsForTheWatermarkToPassWhatItMayHaveRead() {
    PendingCommits<String> pending = new PendingCommits<>(WINDOW, DELAY, T);
    pending.reached(Map.of(0, 5L), "m1", T - 1, 0);
    assertThat(pending.due(T, 100_000), is(Optional.empty()));
    assertThat(pending.due(T + WINDOW, 100_000), is(Optional.empty()));
    assertThat(pending.due(T + WINDOW, 100_000 + DELAY), is(Optional.of("m1")));
  }

  @Test
  void resumingAtAnEarlierPositionForgetsThePositionsAfterIt() {
    PendingCommits<String> pending = new PendingCommits<>(WINDOW, DELAY, Long.MIN_VALUE);
    pending.reached(Map.of(0, 5L, 1, 3L), "m1", 0, 0);
    pending.reached(Map.of(0, 9L, 1, 3L), "m2", 0, 2_000);
    pending.resumedAt(Map.of(0, 5L, 1, 3L));
    assertThat(pending.size(), is(1));
    pending.resumedAtCommitted();
    assertThat("a reader started from the group's offsets keeps nothing", pending.size(), is(0));
  }

  @Test
  void positionsReachedWithinASecondAreKeptAsOneAndTheirNumberIsBounded() {
    PendingCommits<String> pending = new PendingCommits<>(WINDOW, DELAY, Long.MIN_VALUE);
    pending.read(T);
    pending.reached(Map.of(0, 1L), "m1", 0, 0);
    pending.reached(Map.of(0, 2L), "m2", 0, 500);
    assertThat(pending.size(), is(1));
    for (int i = 0; i < 2 * PendingCommits.MAX_PENDING; i++) {
      pending.reached(
          Map.of(0, 3L + i), "m" + (3 + i), 0, 10_000L + i * PendingCommits.SPACING_MILLIS);
    }
    assertThat(pending.size(), is(PendingCommits.MAX_PENDING));
  }
}
