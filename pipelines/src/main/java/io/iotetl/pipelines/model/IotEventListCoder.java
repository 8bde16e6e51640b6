package io.iotetl.pipelines.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.VarInt;

/**
 * A compact, lossless coder for lists of events that mostly share a device type, such as the
 * per-bundle batches held in streaming state: canonical UUID ids ({@link CanonicalUuid}) as 16
 * bytes, a device id or type written only when it differs from the previous event's, event times as
 * differences from the previous event's. About half the bytes of a {@code ListCoder} of {@link
 * IotEvent.Coder}; every field decodes to what was encoded, other ids and all strings exactly as
 * text.
 *
 * <p>Each event: a flag byte, the id (two {@code long}s or text), the device id and type if flagged
 * as new, the zigzag difference of the event time, then duration and value as IEEE bits.
 */
public final class IotEventListCoder extends AtomicCoder<List<IotEvent>> {

  private static final IotEventListCoder INSTANCE = new IotEventListCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();

  private static final int UUID_ID = 1;
  private static final int NEW_DEVICE_ID = 2;
  private static final int NEW_DEVICE_TYPE = 4;

  private IotEventListCoder() {}

  public static IotEventListCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(List<IotEvent> events, OutputStream out) throws IOException {
    VarInt.encode(events.size(), out);
    DataOutputStream data = new DataOutputStream(out);
    IotEvent previous = null;
    for (IotEvent event : events) {
      boolean uuid = CanonicalUuid.isCanonical(event.eventId());
      boolean newDevice = previous == null || !previous.deviceId().equals(event.deviceId());
      boolean newType = previous == null || !previous.deviceType().equals(event.deviceType());
      out.write(
          (uuid ? UUID_ID : 0) | (newDevice ? NEW_DEVICE_ID : 0) | (newType ? NEW_DEVICE_TYPE : 0));
      if (uuid) {
        data.writeLong(CanonicalUuid.high(event.eventId()));
        data.writeLong(CanonicalUuid.low(event.eventId()));
      } else {
        STRING.encode(event.eventId(), out);
      }
      if (newDevice) {
        STRING.encode(event.deviceId(), out);
      }
      if (newType) {
        STRING.encode(event.deviceType(), out);
      }
      long delta = event.eventTimeMillis() - (previous == null ? 0 : previous.eventTimeMillis());
      VarInt.encode((delta << 1) ^ (delta >> 63), out);
      data.writeLong(Double.doubleToLongBits(event.eventDuration()));
      data.writeLong(Double.doubleToLongBits(event.value()));
      previous = event;
    }
  }

  @Override
  public List<IotEvent> decode(InputStream in) throws IOException {
    int size = VarInt.decodeInt(in);
    List<IotEvent> events = new ArrayList<>(size);
    DataInputStream data = new DataInputStream(in);
    IotEvent previous = null;
    for (int i = 0; i < size; i++) {
      int flags = data.readUnsignedByte();
      String id =
          (flags & UUID_ID) != 0
              ? CanonicalUuid.text(data.readLong(), data.readLong())
              : STRING.decode(in);
      String deviceId = (flags & NEW_DEVICE_ID) != 0 ? STRING.decode(in) : previous.deviceId();
      String deviceType =
          (flags & NEW_DEVICE_TYPE) != 0 ? STRING.decode(in) : previous.deviceType();
      long zigzag = VarInt.decodeLong(in);
      long time =
          (previous == null ? 0 : previous.eventTimeMillis()) + ((zigzag >>> 1) ^ -(zigzag & 1));
      IotEvent event =
          new IotEvent(
              id,
              deviceId,
              deviceType,
              time,
              Double.longBitsToDouble(data.readLong()),
              Double.longBitsToDouble(data.readLong()));
      events.add(event);
      previous = event;
    }
    return events;
  }
}
