package io.iotetl.pipelines.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The reader's event time of a payload: the one {@link EventParser#parse} finds, or a fallback. */
class EventTimeOrDefaultTest {

  private static final long FALLBACK = 42L;
  private static final long NOW = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();

  private static final String VALID =
      "{\"event_id\":\"e-1\",\"device_id\":\"Dev.01\",\"device_type\":\"Thermo-Stat\","
          + "\"event_timestamp\":\"2026-11-26T10:00:00.5+02:00\",\"event_duration\":1.5,"
          + "\"value\":{\"nested\":[1,2,{\"event_timestamp\":\"2000-01-01T00:00:00Z\"}]}}";

  @Test
  void validPayloadsGetTheTimeTheParserFinds() {
    String payload =
        VALID.replace("{\"nested\":[1,2,{\"event_timestamp\":\"2000-01-01T00:00:00Z\"}]}", "3");
    long parsed = new EventParser(60_000, 65_536).parse(payload, NOW).event().eventTimeMillis();
    assertThat(EventParser.eventTimeOrDefault(payload, FALLBACK), is(parsed));
    assertThat(parsed, is(Instant.parse("2026-11-26T08:00:00.5Z").toEpochMilli()));
  }

  @Test
  void nestedTimestampsAreIgnoredAndTheLastTopLevelOneCounts() {
    assertThat(
        EventParser.eventTimeOrDefault(VALID, FALLBACK),
        is(Instant.parse("2026-11-26T08:00:00.5Z").toEpochMilli()));
    String twice = VALID.replace("}}", "},\"event_timestamp\":\" 2026-11-26T09:00:00Z \"}");
    assertThat(
        EventParser.eventTimeOrDefault(twice, FALLBACK),
        is(Instant.parse("2026-11-26T09:00:00Z").toEpochMilli()));
  }

  @Test
  void payloadsWithoutAUsableTimestampGetTheFallback() {
    String[] payloads = {
      null,
      "",
      "not json",
      "[\"event_timestamp\",\"2026-11-26T09:00:00Z\"]",
      "{\"event_timestamp\":\"2026-11-26T09:00:00Z\"",
      "{\"event_timestamp\":\"2026-11-26T09:00:00Z\",\"value\":[1,2}",
      "{\"event_timestamp\":1764147600000}",
      "{\"event_timestamp\":null}",
      "{\"event_timestamp\":\"yesterday\"}",
      "{\"event_timestamp\":\"2026-11-26T09:00:00Z\",\"event_timestamp\":7}",
      "{\"event_id\":\"e-1\"}"
    };
    for (String payload : payloads) {
      assertThat(
          String.valueOf(payload), EventParser.eventTimeOrDefault(payload, FALLBACK), is(FALLBACK));
    }
  }
}
