package io.iotetl.pipelines.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.UUID;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class IotEventCoderTest {

  private static IotEvent event(String id) {
    return new IotEvent(id, "Device-A.01", "Thermo-Stat", 1_764_000_000_123L, 12.5, -0.0);
  }

  @Test
  void idsComeBackExactlyAsSent() throws Exception {
    String uuid = UUID.randomUUID().toString();
    for (String id :
        new String[] {uuid, uuid.toUpperCase(), "evt.42|é", "", uuid.substring(1), " " + uuid}) {
      IotEvent event = event(id);
      assertThat(id, CoderUtils.clone(IotEvent.Coder.of(), event), is(event));
    }
  }

  @Test
  void canonicalUuidIdsTakeSeventeenBytesInsteadOfThirtyEight() throws Exception {
    String uuid = UUID.randomUUID().toString();
    int asBits = CoderUtils.encodeToByteArray(IotEvent.Coder.of(), event(uuid)).length;
    int asText =
        CoderUtils.encodeToByteArray(IotEvent.Coder.of(), event(uuid.toUpperCase())).length;
    assertThat(asText - asBits, is(38 - 17));
  }
}
