package io.iotetl.pipelines.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * An input record that was rejected: the original payload, why, and where it came from in Kafka.
 * {@code reason} is one of {@link RejectReason}; {@code detail} says what exactly was wrong.
 */
@DefaultCoder(DeadLetter.Coder.class)
public record DeadLetter(
    String payload, RejectReason reason, String detail, String topic, int partition, long offset)
    implements Serializable {

  /**
   * {@code payload} is exactly as received (null only if the Kafka record had no value); {@code
   * topic} is null for records that did not come from Kafka.
   */
  public DeadLetter {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
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

    /** Makes this the default coder of the model ({@code @DefaultCoder}). */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(DeadLetter.class), INSTANCE);
    }
  }
}
