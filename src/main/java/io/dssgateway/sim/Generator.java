package io.dssgateway.sim;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The background datapoint generator ({@code POST /sim/generator {"rate":R}}): R from-device
 * datapoints per second, round-robin over every from-device property of the fleet, on a 50 ms tick.
 * Booleans toggle, numbers wander, strings carry a counter.
 */
final class Generator {

  private static final long TICK_MS = 50;

  private final Vertx vertx;
  private final Cloud cloud;
  private double rate;
  private double owed;
  private long timerId = -1;
  private long counter;
  private int next;

  Generator(Vertx vertx, Cloud cloud) {
    this.vertx = vertx;
    this.cloud = cloud;
  }

  double rate() {
    return rate;
  }

  void setRate(double perSecond) {
    rate = perSecond;
    owed = 0;
    if (rate > 0 && timerId < 0) {
      timerId = vertx.setPeriodic(TICK_MS, id -> tick());
    } else if (rate == 0) {
      pause();
    }
  }

  /** Stops the timer but keeps the rate (a restarted simulator resumes it). */
  void pause() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  void resume() {
    if (rate > 0) {
      setRate(rate);
    }
  }

  private void tick() {
    List<Object[]> targets = new ArrayList<>();
    for (VirtualDevice d : cloud.fleet.all()) {
      for (VirtualDevice.Property p : d.properties()) {
        if (!p.toDevice()) {
          targets.add(new Object[] {d, p});
        }
      }
    }
    if (targets.isEmpty()) {
      return;
    }
    owed += rate * TICK_MS / 1000.0;
    while (owed >= 1) {
      owed--;
      Object[] t = targets.get(next++ % targets.size());
      VirtualDevice.Property p = (VirtualDevice.Property) t[1];
      cloud.reportValue((VirtualDevice) t[0], p, nextValue(p));
    }
  }

  private Object nextValue(VirtualDevice.Property p) {
    counter++;
    return switch (p.baseType) {
      case "boolean" ->
          p.value instanceof Number n && n.intValue() == 1 || Boolean.TRUE.equals(p.value) ? 0 : 1;
      case "integer" -> ThreadLocalRandom.current().nextInt(-30, 30);
      case "decimal", "float" ->
          Math.round(ThreadLocalRandom.current().nextDouble(-30, 30) * 100) / 100.0;
      default -> "generated-" + counter;
    };
  }
}
