package io.iotetl.pipelines.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidTableTest {

  @Test
  void behavesAsAMapThroughGrowthAndRemoval() {
    Random random = new Random(42);
    UuidTable table = new UuidTable(0);
    Map<UUID, long[]> reference = new HashMap<>();
    UUID[] pool = new UUID[20_000];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = new UUID(random.nextLong(), i % 7 == 0 ? 0 : random.nextLong());
    }
    for (int round = 0; round < 10; round++) {
      for (int i = 0; i < 5_000; i++) {
        UUID id = pool[random.nextInt(pool.length)];
        long eventTime = random.nextInt(1_000);
        long seen = round * 100L + random.nextInt(100);
        boolean added =
            table.putIfAbsent(
                id.getMostSignificantBits(), id.getLeastSignificantBits(), eventTime, seen);
        assertThat(added, is(reference.putIfAbsent(id, new long[] {eventTime, seen}) == null));
      }
      long oldest = random.nextInt(500);
      long seenSince = round * 100L - 150;
      table.retain(oldest, seenSince);
      reference.values().removeIf(t -> t[0] < oldest && t[1] < seenSince);
      assertThat(table.size(), is(reference.size()));
    }
    Map<UUID, long[]> held = new HashMap<>();
    for (int i = 0; i < table.slots(); i++) {
      if (table.occupied(i)) {
        held.put(
            new UUID(table.high(i), table.low(i)),
            new long[] {table.eventTime(i), table.firstSeen(i)});
      }
    }
    assertThat(held.keySet(), is(reference.keySet()));
    reference.forEach((id, times) -> assertThat(held.get(id), is(times)));
  }
}
