package io.iotetl.pipelines.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

  /** What {@link IsoInstants} must agree with: java.time's own parsers. */
  private static String reference(String text) {
    try {
      return Long.toString(Instant.parse(text).toEpochMilli());
    } catch (DateTimeParseException e) {
      try {
        return Long.toString(OffsetDateTime.parse(text).toInstant().toEpochMilli());
      } catch (DateTimeParseException again) {
        return "rejected";
      }
    }
  }

  private static String actual(String text) {
    try {
      return Long.toString(IsoInstants.toEpochMilli(text));
    } catch (DateTimeParseException e) {
      return "rejected";
    }
  }

  @Test
  void offsetsAreConvertedToUtc() {
    assertThat(
        IsoInstants.toEpochMilli("2026-03-01T01:30:00.250+02:00"),
        is(Instant.parse("2026-02-28T23:30:00.250Z").toEpochMilli()));
    assertThat(
        IsoInstants.toEpochMilli("2024-12-31T22:00:00-03:30"),
        is(Instant.parse("2025-01-01T01:30:00Z").toEpochMilli()));
  }

  @Test
  void edgeCasesAgreeWithJavaTime() {
    List<String> texts =
        List.of(
            "2026-11-26T08:15:30Z",
            "2026-11-26T08:15:30.1Z",
            "2026-11-26T08:15:30.123456789Z",
            "2026-11-26T08:15:30.1234567891Z",
            "2026-11-26T08:15:30.Z",
            "2026-11-26t08:15:30z",
            "2026-11-26T08:15Z",
            "2026-11-26T08:15+01:00",
            "2026-11-26T23:59:60Z",
            "2026-11-26T24:00:00Z",
            "2026-02-29T00:00:00Z",
            "2024-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-10T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "1969-12-31T23:59:59.9995Z",
            "+12026-01-01T00:00:00Z",
            "2026-11-26T08:15:30+18:00",
            "2026-11-26T08:15:30+18:01",
            "2026-11-26T08:15:30-00:00",
            "2026-11-26T08:15:30+0200",
            "2026-11-26T08:15:30+02",
            "2026-11-26T08:15:30+02:00:30",
            "2026-11-26T08:15:30+02:60",
            "2026-11-26T08:15:30.5+05:45",
            "2026-11-26 08:15:30Z",
            "2026-11-26T08:15:30",
            "2026-11-26T08:15:30ZZ",
            " 2026-11-26T08:15:30Z",
            "2026-1-26T08:15:30Z",
            "");
    for (String text : texts) {
      assertThat(text, actual(text), is(reference(text)));
    }
  }

  @Test
  void randomAndMutatedTimestampsAgreeWithJavaTime() {
    Random random = new Random(7);
    String alphabet = "0123456789-:.TZtz+ ";
    for (int i = 0; i < 50_000; i++) {
      OffsetDateTime time =
          Instant.ofEpochSecond(
                  random.nextInt(Integer.MAX_VALUE) * (random.nextBoolean() ? 1L : -1L))
              .plusNanos(random.nextInt(1_000_000_000))
              .atOffset(
                  ZoneOffset.ofTotalSeconds(60 * (random.nextInt(2 * 18 * 60 + 1) - 18 * 60)));
      String text = time.toString();
      if (random.nextInt(4) == 0) {
        text = time.withOffsetSameInstant(ZoneOffset.UTC).toString();
      }
      List<String> variants = new ArrayList<>(List.of(text));
      char[] chars = text.toCharArray();
      int at = random.nextInt(chars.length);
      chars[at] = alphabet.charAt(random.nextInt(alphabet.length()));
      variants.add(new String(chars));
      variants.add(text.substring(0, random.nextInt(text.length() + 1)));
      for (String variant : variants) {
        assertThat(variant, actual(variant), is(reference(variant)));
      }
    }
  }
}
