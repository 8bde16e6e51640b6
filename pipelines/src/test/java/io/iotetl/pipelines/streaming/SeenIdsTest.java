package io.iotetl.pipelines.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class SeenIdsTest {

  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final long NOW = 1_800_000_000_000L;

  @Test
  void secondDeliveryOfAnIdIsRecognised() {
    SeenIds seen = new SeenIds();
    assertThat(seen.add("a", 0, NOW), is(true));
    assertThat(seen.add("b", 0, NOW), is(true));
    assertThat(seen.add("a", 0, NOW), is(false));
  }

  @Test
  void idsBeyondTheHorizonAreForgottenOnceTheyAreOldEnough() {
    SeenIds seen = new SeenIds();
    seen.add("old", 0, NOW);
    seen.add("newest", 2 * DAY, NOW);
    seen.forgetOlderThan(DAY, NOW + SeenIds.MIN_RESIDENCE_MILLIS + 1);
    assertThat(seen.size(), is(1));
    assertThat("forgotten: a re-delivery passes again", seen.add("old", 0, NOW), is(true));
  }

  @Test
  void idsWithinTheHorizonAreKept() {
    SeenIds seen = new SeenIds();
    seen.add("hours-old", 2 * DAY - 20 * HOUR, NOW);
    seen.add("newest", 2 * DAY, NOW);
    seen.forgetOlderThan(DAY, NOW + DAY);
    assertThat(seen.add("hours-old", 2 * DAY - 20 * HOUR, NOW), is(false));
  }

  @Test
  void recentlySeenIdsAreKeptEvenBeyondTheHorizon() {
    // A partition read behind the others in a backfill: its events are days older than the newest.
    SeenIds seen = new SeenIds();
    seen.add("newest", 5 * DAY, NOW);
    seen.add("behind", 0, NOW);
    seen.forgetOlderThan(DAY, NOW + 60_000);
    assertThat(seen.add("behind", 0, NOW + 60_000), is(false));
  }

  @Test
  void coderKeepsIdsAndNewestEventTime() throws Exception {
    SeenIds seen = new SeenIds();
    seen.add("a", 5, NOW);
    seen.add("Thermostat-X.v2|é", 7 * DAY, NOW);
    SeenIds copy = CoderUtils.clone(SeenIds.Coder.of(), seen);
    assertThat(copy.size(), is(2));
    assertThat(copy.add("a", 5, NOW), is(false));
    copy.forgetOlderThan(DAY, NOW + SeenIds.MIN_RESIDENCE_MILLIS + 1);
    assertThat("newest event time survived encoding", copy.size(), is(1));
  }

  @Test
  void idsDifferingOnlyInCaseAreDifferentIds() {
    String id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    SeenIds seen = new SeenIds();
    assertThat(seen.add(id, 0, NOW), is(true));
    assertThat(seen.add(id.toUpperCase(Locale.ROOT), 0, NOW), is(true));
    assertThat(seen.add(id, 0, NOW), is(false));
    assertThat(seen.add(id.toUpperCase(Locale.ROOT), 0, NOW), is(false));
  }

  @Test
  void coderKeepsManyUuidsWithTheirTimes() throws Exception {
    SeenIds seen = new SeenIds();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      // half old and seen long ago, half recent
      seen.add(id, i % 2 == 0 ? 0 : 2 * DAY - i, i % 2 == 0 ? NOW : NOW + DAY);
    }
    seen.add("Other-ID", 2 * DAY, NOW + DAY);
    SeenIds copy = CoderUtils.clone(SeenIds.Coder.of(), seen);
    assertThat(copy.size(), is(1_001));
    copy.forgetOlderThan(DAY, NOW + 60_000);
    assertThat("recently seen ids are kept", copy.size(), is(1_001));
    copy.forgetOlderThan(DAY, NOW + SeenIds.MIN_RESIDENCE_MILLIS + 1);
    assertThat("old ids seen long ago are forgotten", copy.size(), is(501));
    for (int i = 0; i < ids.size(); i++) {
      assertThat(copy.add(ids.get(i), 2 * DAY, NOW + DAY), is(i % 2 == 0));
    }
  }
}
