package dev.berth.bench;

import java.util.Arrays;

/**
 * A sorted sample of durations in nanoseconds (signed: a watch event may arrive before the
 * create's response does), with nearest-rank percentiles: {@code percentile(0.99)} of 10,000
 * samples is the 9,900th smallest.
 */
record Latencies(long[] sortedNanos) {

  static Latencies of(long[] nanos, int count) {
    long[] copy = Arrays.copyOf(nanos, count);
    Arrays.sort(copy);
    return new Latencies(copy);
  }

  static Latencies of(long[] nanos) {
    return of(nanos, nanos.length);
  }

  int count() {
    return sortedNanos.length;
  }

  boolean isEmpty() {
    return sortedNanos.length == 0;
  }

  /** Nearest rank: the smallest sample with at least {@code q} of the samples at or below it. */
  long percentile(double q) {
    if (isEmpty()) {
      throw new IllegalStateException("no samples");
    }
    int rank = (int) Math.ceil(q * sortedNanos.length);
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))];
  }

  long p50() {
    return percentile(0.50);
  }

  long p99() {
    return percentile(0.99);
  }

  long min() {
    return sortedNanos[0];
  }

  long max() {
    return sortedNanos[sortedNanos.length - 1];
  }

  long sum() {
    long s = 0;
    for (long n : sortedNanos) {
      s += n;
    }
    return s;
  }

  /** Operations per second when the samples ran one after another: count over their sum. */
  double sequentialRate() {
    return count() / (sum() / 1e9);
  }

  /** Collects samples on one thread, growing as needed. */
  static final class Recorder {
    private long[] nanos;
    private int count;

    Recorder(int expected) {
      nanos = new long[Math.max(16, expected)];
    }

    void add(long sample) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, count * 2);
      }
      nanos[count++] = sample;
    }

    Latencies latencies() {
      return Latencies.of(nanos, count);
    }
  }
}
