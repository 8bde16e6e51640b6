package io.iotetl.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most heap in use at one time since {@link #reset()}: the heap pools' total just before each
 * collection (when the heap is at its fullest), or now if that is more. Unlike the sum of each
 * pool's own peak, which adds the young generation's largest size to the old generation's largest
 * size even when they happened at different times, this is a total the heap really held.
 */
final class HeapHighWater implements NotificationListener {

  private static final HeapHighWater INSTANCE = new HeapHighWater();
  private static final long MIB = 1024 * 1024;

  private final Set<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toUnmodifiableSet());
  private final AtomicLong highest = new AtomicLong();

  private HeapHighWater() {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector).addNotificationListener(this, null, null);
    }
  }

  /** Starts a new measurement from the heap in use now. */
  static void reset() {
    INSTANCE.highest.set(used());
  }

  /** The most heap in use at once since {@link #reset()}, in MiB. */
  static long peakMb() {
    return Math.max(INSTANCE.highest.get(), used()) / MIB;
  }

  private static long used() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    Map<String, MemoryUsage> before =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
            .getGcInfo()
            .getMemoryUsageBeforeGc();
    long total =
        before.entrySet().stream()
            .filter(pool -> heapPools.contains(pool.getKey()))
            .mapToLong(pool -> pool.getValue().getUsed())
            .sum();
    highest.accumulateAndGet(total, Math::max);
  }
}
