package dev.haingestor.simulator.states;

import java.time.Instant;
import java.util.Random;

/** HA context ids are ULIDs: 48 bits of milliseconds then 80 random bits, Crockford base32. */
final class ContextIds {

  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private final Random random;

  ContextIds(long seed) {
    // A random stream of its own: context ids never shift the seeded sequence of values.
    this.random = new Random(seed ^ 0x5DEECE66DL);
  }

  synchronized String next(Instant time) {
    char[] ulid = new char[26];
    long millis = time.toEpochMilli();
    for (int i = 9; i >= 0; i--) {
      ulid[i] = CROCKFORD[(int) (millis & 31)];
      millis >>>= 5;
    }
    for (int i = 10; i < 26; i++) {
      ulid[i] = CROCKFORD[random.nextInt(32)];
    }
    return new String(ulid);
  }
}
