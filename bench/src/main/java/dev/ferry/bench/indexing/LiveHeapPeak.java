package dev.ferry.bench.indexing;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most heap a JVM still used right after a garbage collection: its live data at its largest,
 * without the garbage that a peak of heap usage also counts (and whose size is the collector's
 * choice more than the program's). Notified by the JVM's notification thread; read by the caller.
 */
final class LiveHeapPeak implements NotificationListener {

  private final AtomicLong peakBytes = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();

  /** Starts watching every collector of this JVM. */
  static LiveHeapPeak watch() {
    LiveHeapPeak peak = new LiveHeapPeak();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector).addNotificationListener(peak, null, null);
    }
    return peak;
  }

  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      long after = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
      peakBytes.accumulateAndGet(after, Math::max);
      collections.incrementAndGet();
    }
  }

  long bytes() {
    return peakBytes.get();
  }

  long collections() {
    return collections.get();
  }
}
