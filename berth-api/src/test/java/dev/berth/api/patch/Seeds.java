package dev.berth.api.patch;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seeds for the {@code new Random(seed)} of a property test, and failures that name them.
 *
 * <p>The seeds are spread over the whole range rather than counted 0, 1, 2…: {@code java.util.Random}
 * started from nearby seeds begins with nearly the same draws ({@code new Random(s).nextInt(8)} is
 * 5 or 6 for every s in [0, 1000), {@code nextInt(2)} always 1), so counted seeds would try one
 * case many times. The list is fixed, so every run tries the same cases.
 */
final class Seeds {
  private Seeds() {}

  /** {@code count} seeds for {@code java.util.Random}, the same in every run. */
  static LongStream spread(int count) {
    return new SplittableRandom(0).longs(count);
  }

  /** A property's body, run once per seed. */
  interface Body {
    void run() throws Exception;
  }

  /**
   * Runs {@code body}; a failure (a broken assertion or an exception) comes back as an {@link
   * AssertionError} whose message starts with the seed and the {@code sample} drawn from it, so
   * the case can be replayed with {@code new Random(seed)}.
   */
  static void replayable(long seed, Object sample, Body body) {
    try {
      body.run();
    } catch (AssertionError | Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new AssertionError("seed " + seed + " (" + sample + "): " + e.getMessage(), e);
    }
  }
}
