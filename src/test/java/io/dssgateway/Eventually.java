package io.dssgateway;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded waits for a condition that has no event to wait on (a counter another process keeps,
 * what an HTTP endpoint reports): it is read again and again, at first every few milliseconds and
 * then less often, until it holds or the deadline passes.
 */
public final class Eventually {

  private static final long FIRST_PAUSE_MILLIS = 5;
  private static final long LONGEST_PAUSE_MILLIS = 200;

  private Eventually() {}

  /** Returns once {@code condition} holds; fails with {@code what} past the deadline. */
  public static void until(String what, Duration deadline, BooleanSupplier condition) {
    until(what, deadline, condition, () -> "");
  }

  /** The same; a failure also tells {@code state}, read when the deadline passed. */
  public static void until(
      String what, Duration deadline, BooleanSupplier condition, Supplier<?> state) {
    read(
        what, deadline, condition::getAsBoolean, held -> held, held -> String.valueOf(state.get()));
  }

  /** Reads until {@code done} accepts what was read, and returns that; a failure tells the last read. */
  public static <T> T read(String what, Duration deadline, Callable<T> read, Predicate<T> done) {
    return read(what, deadline, read, done, Eventually::summary);
  }

  private static <T> T read(
      String what,
      Duration deadline,
      Callable<T> read,
      Predicate<T> done,
      java.util.function.Function<T, String> describe) {
    long end = System.nanoTime() + deadline.toNanos();
    long pause = FIRST_PAUSE_MILLIS;
    T last = call(read);
    while (!done.test(last)) {
      if (System.nanoTime() > end) {
        String told = describe.apply(last);
        throw new AssertionError(
            "not reached within " + deadline + ": " + what + (told.isEmpty() ? "" : "; " + told));
      }
      pause(pause);
      pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
      last = call(read);
    }
    return last;
  }

  private static <T> T call(Callable<T> read) {
    try {
      return read.call();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The interval between two reads of a bounded wait, not a synchronization. */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String summary(Object o) {
    return "last: " + (o instanceof java.util.List<?> l ? l.size() + " items" : String.valueOf(o));
  }
}
