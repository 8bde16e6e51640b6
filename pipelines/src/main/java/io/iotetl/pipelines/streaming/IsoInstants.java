package io.iotetl.pipelines.streaming;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads an ISO-8601 instant the way {@link Instant#parse} does, and failing that {@link
 * OffsetDateTime#parse} (which also takes a time without seconds), as epoch milliseconds.
 *
 * <p>The shape producers send, {@code 2026-11-26T08:15:30[.fraction](Z|+02:00)}, is read directly:
 * its digits are checked and handed to {@link LocalDate}, several times faster than a {@code
 * DateTimeFormatter}, which matters because the Kafka reader takes every record's event time on one
 * thread. Any other text (lowercase {@code t} or {@code z}, leap seconds, other offset forms,
 * invalid fields) goes to the {@code java.time} parsers, so what is accepted, and the instant it
 * means, is always theirs.
 */
final class IsoInstants {

  private static final int SECONDS_PER_DAY = 86_400;
  private static final int MAX_OFFSET_HOURS = 18;

  private IsoInstants() {}

  /**
   * Epoch milliseconds of {@code text} (floored, as {@link Instant#toEpochMilli}).
   *
   * @throws DateTimeParseException if neither {@code java.time} parser accepts it
   */
  static long toEpochMilli(String text) {
    long millis = fastPath(text);
    if (millis != Long.MIN_VALUE) {
      return millis;
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    }
  }

  /** Epoch millis of the common shape, or {@code Long.MIN_VALUE} to leave it to java.time. */
  private static long fastPath(String text) {
    int length = text.length();
    if (length < 20
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    if ((year | month | day | hour | minute | second) < 0) {
      return Long.MIN_VALUE; // a non-digit
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return Long.MIN_VALUE; // such as 24:00 or a leap second: java.time's rules
    }
    int end = 19;
    int nanos = 0;
    if (text.charAt(end) == '.') {
      int from = end + 1;
      end = from;
      while (end < length && end - from < 9 && isDigit(text.charAt(end))) {
        nanos = nanos * 10 + (text.charAt(end) - '0');
        end++;
      }
      if (end == from || end == length || isDigit(text.charAt(end))) {
        return Long.MIN_VALUE;
      }
      for (int i = end - from; i < 9; i++) {
        nanos *= 10;
      }
    }
    int offsetSeconds = offsetSeconds(text, end);
    if (offsetSeconds == Integer.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return Long.MIN_VALUE; // such as February 30: java.time says why
    }
    long epochSecond =
        epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nanos).toEpochMilli();
  }

  /** {@code Z} or {@code ±HH:MM} ending the text at {@code at}; else {@code Integer.MIN_VALUE}. */
  private static int offsetSeconds(String text, int at) {
    int rest = text.length() - at;
    if (rest == 1 && text.charAt(at) == 'Z') {
      return 0;
    }
    char sign = rest == 6 ? text.charAt(at) : ' ';
    if ((sign != '+' && sign != '-') || text.charAt(at + 3) != ':') {
      return Integer.MIN_VALUE;
    }
    int hours = digits(text, at + 1, at + 3);
    int minutes = digits(text, at + 4, at + 6);
    if (hours < 0
        || minutes < 0
        || minutes > 59
        || hours > MAX_OFFSET_HOURS
        || (hours == MAX_OFFSET_HOURS && minutes > 0)) {
      return Integer.MIN_VALUE;
    }
    int seconds = hours * 3600 + minutes * 60;
    return sign == '-' ? -seconds : seconds;
  }

  /** The decimal number in {@code [from, to)}, or -1 if a character there is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
