package org.oavc.bench;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;

/**
 * Percentiles of a timer's histogram over an interval: the bucket counts of the snapshot at its end
 * minus those at its start (null: from the beginning). Buckets are cumulative, so each percentile
 * is the upper bound of the first bucket that holds that share of the samples.
 */
final class BucketDiff {
  private BucketDiff() {}

  /** A markdown table row: label, count, mean, p50/p90/p99/p99.9 bounds, max (all in us). */
  static String row(String label, HistogramSnapshot from, HistogramSnapshot to) {
    CountAtBucket[] end = to.histogramCounts();
    CountAtBucket[] start = from == null ? null : from.histogramCounts();
    long count = to.count() - (from == null ? 0 : from.count());
    double total =
        to.total(TimeUnit.MICROSECONDS) - (from == null ? 0 : from.total(TimeUnit.MICROSECONDS));
    StringBuilder out =
        new StringBuilder("| ")
            .append(label)
            .append(" | ")
            .append(count)
            .append(" | ")
            .append(count == 0 ? "-" : String.format("%.0f", total / count));
    for (double fraction : new double[] {0.50, 0.90, 0.99, 0.999}) {
      out.append(" | ").append(bound(end, start, count, fraction));
    }
    return out.append(" | ")
        .append(String.format("%.0f", to.max(TimeUnit.MICROSECONDS)))
        .append(" |")
        .toString();
  }

  private static String bound(
      CountAtBucket[] end, CountAtBucket[] start, long count, double fraction) {
    for (int i = 0; i < end.length; i++) {
      double c = end[i].count() - (start == null ? 0 : start[i].count());
      if (count > 0 && c >= fraction * count) {
        return String.format("%.0f", end[i].bucket(TimeUnit.MICROSECONDS));
      }
    }
    return "inf";
  }
}
