package io.iotetl.pipelines.model;

import java.util.UUID;

/**
 * Event ids in the form producers send them, a UUID in canonical lowercase text ({@code 8-4-4-4-12}
 * hexadecimal digits), held as their 128 bits. The conversion is lossless both ways for exactly
 * these texts ({@link UUID#toString} gives them back); any other id (capitals, other formats) must
 * be kept as text.
 */
public final class CanonicalUuid {

  private static final int LENGTH = 36;

  private CanonicalUuid() {}

  /** Whether {@code id} is a UUID in canonical lowercase form. */
  public static boolean isCanonical(String id) {
    if (id.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = id.charAt(i);
      boolean ok = isDash(i) ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The high 64 bits of a canonical UUID. */
  public static long high(String id) {
    return hexBits(id, 0, 18);
  }

  /** The low 64 bits of a canonical UUID. */
  public static long low(String id) {
    return hexBits(id, 19, LENGTH);
  }

  /** The canonical text of a UUID's bits. */
  public static String text(long high, long low) {
    return new UUID(high, low).toString();
  }

  private static boolean isDash(int i) {
    return i == 8 || i == 13 || i == 18 || i == 23;
  }

  private static long hexBits(String id, int from, int to) {
    long bits = 0;
    for (int i = from; i < to; i++) {
      if (!isDash(i)) {
        bits = bits << 4 | Character.digit(id.charAt(i), 16);
      }
    }
    return bits;
  }
}
