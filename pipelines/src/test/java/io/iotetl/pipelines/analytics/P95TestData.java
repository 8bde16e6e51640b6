package io.iotetl.pipelines.analytics;

import io.iotetl.pipelines.model.IotEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Edge-case event sets for the daily p95, with their (eventId, date, type, duration) view. */
final class P95TestData {

  final List<IotEvent> events = new ArrayList<>();
  final List<String[]> tuples = new ArrayList<>();
  private final Random random = new Random(95);
  private int nextId;

  /**
   * Several days and types: 500 distinct (kept), 499 distinct (dropped), 505 deliveries of 495
   * distinct (dropped: duplicates do not count), all-equal values (sd = 0), outliers on both sides,
   * and events one millisecond either side of midnight UTC.
   */
  static P95TestData edgeCases() {
    P95TestData d = new P95TestData();
    Instant day1 = Instant.parse("2026-03-01T00:00:00Z");
    Instant day2 = Instant.parse("2026-03-02T00:00:00Z");
    d.add(day1, "sensor_temp", 500, false);
    d.add(day1, "sensor_humidity", 499, false);
    d.addWithDuplicates(day1, "sensor_motion", 495, 10);
    d.addConstant(day2, "sensor_motion", 520, 42.0);
    d.add(day2, "sensor_temp", 800, true);
    d.addConflictingDeliveries();
    // Near midnight: 300 events at 23:59:59.999 on day 1 and 300 at 00:00:00.000 on day 2 of one
    // type:
    // neither day reaches 500 on its own; 600 would if the date were computed in another time zone.
    d.addAt(day2.minusMillis(1), "sensor_pressure", 300);
    d.addAt(day2, "sensor_pressure", 300);
    return d;
  }

  void add(Instant day, String type, int n, boolean outliers) {
    for (int i = 0; i < n; i++) {
      double duration =
          Math.round(Math.exp(Math.log(200) + 0.5 * random.nextGaussian()) * 1000) / 1000.0;
      if (outliers && i % 100 == 0) {
        duration = i % 200 == 0 ? duration * 50 : 0.001;
      }
      addEvent(day.plusMillis(random.nextInt(86_400_000)), type, duration);
    }
  }

  void addWithDuplicates(Instant day, String type, int distinct, int duplicates) {
    add(day, type, distinct, false);
    for (int i = 0; i < duplicates; i++) {
      IotEvent e = events.get(events.size() - 1 - i);
      events.add(e);
      tuples.add(
          new String[] {
            e.eventId(), e.eventDate(), e.deviceType(), Double.toString(e.eventDuration())
          });
    }
  }

  /**
   * Deliveries that disagree with the first one of their id: 10 ids of day 2 again on day 1 (day 1
   * counts them), 10 ids of day 1 again with a larger duration (the first counts) and 5 with a
   * smaller one (the later counts).
   */
  void addConflictingDeliveries() {
    List<IotEvent> day2Temp =
        events.stream()
            .filter(e -> e.deviceType().equals("sensor_temp") && e.eventDate().equals("2026-03-02"))
            .limit(10)
            .toList();
    List<IotEvent> day1Temp =
        events.stream()
            .filter(e -> e.deviceType().equals("sensor_temp") && e.eventDate().equals("2026-03-01"))
            .limit(15)
            .toList();
    day2Temp.forEach(e -> redeliver(e, e.eventTimeMillis() - 86_400_000L, e.eventDuration()));
    for (int i = 0; i < day1Temp.size(); i++) {
      IotEvent e = day1Temp.get(i);
      redeliver(e, e.eventTimeMillis(), i < 10 ? e.eventDuration() * 2 : e.eventDuration() / 2);
    }
  }

  private void redeliver(IotEvent e, long timeMillis, double duration) {
    IotEvent again =
        new IotEvent(e.eventId(), e.deviceId(), e.deviceType(), timeMillis, duration, e.value());
    events.add(again);
    tuples.add(
        new String[] {e.eventId(), again.eventDate(), e.deviceType(), Double.toString(duration)});
  }

  void addConstant(Instant day, String type, int n, double duration) {
    for (int i = 0; i < n; i++) {
      addEvent(day.plusSeconds(i), type, duration);
    }
  }

  void addAt(Instant time, String type, int n) {
    for (int i = 0; i < n; i++) {
      addEvent(time, type, 100 + random.nextInt(100));
    }
  }

  private void addEvent(Instant time, String type, double duration) {
    String id = "e-" + nextId++;
    IotEvent e = new IotEvent(id, "dev-" + (nextId % 17), type, time.toEpochMilli(), duration, 1.0);
    events.add(e);
    tuples.add(new String[] {id, e.eventDate(), type, Double.toString(duration)});
  }
}
