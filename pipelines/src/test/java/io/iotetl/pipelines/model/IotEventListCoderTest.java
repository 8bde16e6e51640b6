package io.iotetl.pipelines.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class IotEventListCoderTest {

  @Test
  void everyFieldOfEveryEventComesBackAsItWas() throws Exception {
    Random random = new Random(3);
    List<IotEvent> events = new ArrayList<>();
    String[] ids = {
      "0F8FAD5B-D9CB-469F-A165-70867728950E", "evt.42|é", "", "0f8fad5b-d9cb-469f-a165-70867728950"
    };
    String[] devices = {"Device-A.01", "device-a.01", "dev/é 7"};
    String[] types = {"Thermo-Stat", "thermo-stat", "sensor_temp"};
    for (int i = 0; i < 2_000; i++) {
      String id =
          random.nextInt(5) == 0 ? ids[random.nextInt(ids.length)] : UUID.randomUUID().toString();
      events.add(
          new IotEvent(
              id,
              devices[random.nextInt(random.nextInt(8) == 0 ? devices.length : 1)],
              types[random.nextInt(random.nextInt(8) == 0 ? types.length : 1)],
              random.nextInt(3) == 0 ? random.nextLong() : 1_764_000_000_000L + random.nextInt(),
              random.nextDouble() * 1e6,
              random.nextInt(10) == 0 ? -0.0 : random.nextGaussian() * 1e-300));
    }
    List<IotEvent> copy = CoderUtils.clone(IotEventListCoder.of(), events);
    assertThat(copy, is(events));
    assertThat(CoderUtils.clone(IotEventListCoder.of(), List.of()), is(List.of()));
  }

  @Test
  void typicalBatchesTakeFortyFourBytesAnEventAgainstSixtyAlone() throws Exception {
    List<IotEvent> events = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      events.add(
          new IotEvent(
              UUID.randomUUID().toString(),
              "device-" + (10 + i % 50),
              "thermostat",
              1_764_000_000_000L + i * 37L,
              12.5 + i,
              21.25 - i));
    }
    int bytes = CoderUtils.encodeToByteArray(IotEventListCoder.of(), events).length;
    int single = CoderUtils.encodeToByteArray(IotEvent.Coder.of(), events.get(0)).length;
    // flag, id bits, device id, one-byte time difference, two doubles; the type only once
    assertThat(bytes / events.size(), is(1 + 16 + 10 + 1 + 16));
    assertThat(single, is(60));
  }
}
