package io.iotetl.pipelines.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * An input record that was rejected: the original payload, why, and where it came from in Kafka.
 * {@code reason} is one of {@link RejectReason}; {@code detail} says what exactly was wrong.
 */
public final class DeadLetter implements Serializable {

  private final String payload;
  private final RejectReason reason;
  private final String detail;
  private final String topic;
  private final int partition;
  private final long offset;

  public DeadLetter(
      String payload,
      RejectReason reason,
      String detail,
      String topic,
      int partition,
      long offset) {
    this.payload = payload;
    this.reason = Objects.requireNonNull(reason);
    this.detail = Objects.requireNonNull(detail);
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
  }

  /** The payload exactly as received; null only if the Kafka record had no value. */
  public String payload() {
    return payload;
  }

  public RejectReason reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  public long offset() {
    return offset;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetter other
        && Objects.equals(payload, other.payload)
        && reason == other.reason
        && detail.equals(other.detail)
        && Objects.equals(topic, other.topic)
        && partition == other.partition
        && offset == other.offset;
  }

  @Override
  public int hashCode() {
    return Objects.hash(payload, reason, detail, topic, partition, offset);
  }

  @Override
  public String toString() {
    return "DeadLetter{"
        + reason
        + ": "
        + detail
        + ", "
        + topic
        + "/"
        + partition
        + "@"
        + offset
        + ", payload="
        + payload
        + "}";
  }

  /** Deterministic coder for dead letters. */
  public static final class Coder extends AtomicCoder<DeadLetter> {
    private static final Coder INSTANCE = new Coder();
    private static final NullableCoder<String> NULLABLE_STRING =
        NullableCoder.of(StringUtf8Coder.of());
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(DeadLetter letter, OutputStream out) throws IOException {
      NULLABLE_STRING.encode(letter.payload, out);
      STRING.encode(letter.reason.name(), out);
      STRING.encode(letter.detail, out);
      NULLABLE_STRING.encode(letter.topic, out);
      VarIntCoder.of().encode(letter.partition, out);
      VarLongCoder.of().encode(letter.offset, out);
    }

    @Override
    public DeadLetter decode(InputStream in) throws IOException {
      return new DeadLetter(
          NULLABLE_STRING.decode(in),
          RejectReason.valueOf(STRING.decode(in)),
          STRING.decode(in),
          NULLABLE_STRING.decode(in),
          VarIntCoder.of().decode(in),
          VarLongCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
