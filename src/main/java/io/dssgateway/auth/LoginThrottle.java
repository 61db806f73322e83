package io.dssgateway.auth;

import io.dssgateway.common.HttpError;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing before a guess reaches Ayla (with our app secret). Attempts are
 * counted per account and per client address; after {@code freeFailures} unsuccessful attempts of
 * a key, each further attempt must wait an exponentially growing delay (base, 2×base, 4×base…, at
 * most {@code maxDelay}), and an attempt inside the delay is refused with 429 and {@code Retry-After}
 * without calling Ayla. An attempt counts when it starts, so a parallel burst is throttled too; a
 * successful sign-in forgets its account's and address's count; an attempt that failed for another
 * reason than the credentials (Ayla unreachable) is given back.
 *
 * <p>Bounded memory: an entry is forgotten {@code maxDelay} after its last attempt, and at most
 * {@code maxEntries} are held (the least recently attempted goes first). Safe from several event
 * loops (one lock; sign-ins are rare next to everything else).
 */
public final class LoginThrottle {

  /** A sign-in attempt let through: report how it ended. */
  public interface Attempt {
    void succeeded();

    void failedCredentials();

    void failedOtherwise();
  }

  private static final class Entry {
    int attempts;
    long nextAllowedAt;
    long lastAttemptAt;
  }

  private final int accountFreeFailures;
  private final int addressFreeFailures;
  private final long baseDelayMillis;
  private final long maxDelayMillis;
  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

  public LoginThrottle(AuthConfig config) {
    this(
        config.loginAccountFailures(),
        config.loginAddressFailures(),
        config.loginBaseDelayMillis(),
        config.loginMaxDelayMillis(),
        config.loginMaxEntries(),
        Clock.systemUTC());
  }

  public LoginThrottle(
      int accountFreeFailures,
      int addressFreeFailures,
      long baseDelayMillis,
      long maxDelayMillis,
      int maxEntries,
      Clock clock) {
    this.accountFreeFailures = accountFreeFailures;
    this.addressFreeFailures = addressFreeFailures;
    this.baseDelayMillis = baseDelayMillis;
    this.maxDelayMillis = maxDelayMillis;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** Lets an attempt through, counted against both keys, or throws 429 {@code too_many_attempts}. */
  public Attempt begin(String account, String address) {
    String accountKey = "a:" + account;
    String addressKey = "i:" + address;
    synchronized (entries) {
      long now = clock.millis();
      long wait = Math.max(waitMillis(accountKey, now), waitMillis(addressKey, now));
      if (wait > 0) {
        throw HttpError.tooManyRequests(
                "too_many_attempts", "Too many sign-in attempts; try again later")
            .withHeader("Retry-After", String.valueOf(Math.max(1, (wait + 999) / 1000)));
      }
      count(accountKey, accountFreeFailures, now);
      count(addressKey, addressFreeFailures, now);
      purge(now);
    }
    return new Attempt() {
      @Override
      public void succeeded() {
        synchronized (entries) {
          entries.remove(accountKey);
          entries.remove(addressKey);
        }
      }

      @Override
      public void failedCredentials() {
        // counted when it began
      }

      @Override
      public void failedOtherwise() {
        synchronized (entries) {
          giveBack(accountKey);
          giveBack(addressKey);
        }
      }
    };
  }

  /** Entries held now (tests, metrics). */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private long waitMillis(String key, long now) {
    Entry e = entries.get(key);
    return e == null ? 0 : e.nextAllowedAt - now;
  }

  private void count(String key, int freeFailures, long now) {
    Entry e = entries.computeIfAbsent(key, k -> new Entry());
    e.attempts++;
    e.lastAttemptAt = now;
    int over = e.attempts - freeFailures; // this attempt may fail too: the next one waits
    if (over >= 0) {
      e.nextAllowedAt = now + delay(over);
    }
  }

  private void giveBack(String key) {
    Entry e = entries.get(key);
    if (e != null && e.attempts > 0) {
      e.attempts--;
      if (e.attempts < (key.startsWith("a:") ? accountFreeFailures : addressFreeFailures)) {
        e.nextAllowedAt = 0;
      }
    }
  }

  private long delay(int over) {
    long d = baseDelayMillis << Math.min(over, 30);
    return d <= 0 || d > maxDelayMillis ? maxDelayMillis : d;
  }

  /** Forgets entries idle past the longest delay, and the least recently attempted beyond the cap. */
  private void purge(long now) {
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Entry e = it.next().getValue();
      boolean idle = now - e.lastAttemptAt > maxDelayMillis && now >= e.nextAllowedAt;
      if (idle || entries.size() > maxEntries) {
        it.remove();
      } else {
        break; // access order: the rest were attempted more recently
      }
    }
  }
}
