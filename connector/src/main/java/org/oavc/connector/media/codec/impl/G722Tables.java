package org.oavc.connector.media.codec.impl;

/** Constant tables of ITU-T G.722 (64 kbit/s mode), named after the blocks that use them. */
final class G722Tables {
  private G722Tables() {}

  /** Half of the symmetric 24-tap QMF; the other half is the mirror image. */
  static final int[] QMF = {3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11};

  /** QUANTL: lower-band decision levels, scaled by the step size (det) before comparison. */
  static final int[] LOW_DECISION = {
    0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023,
    1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919
  };

  /** QUANTL: 6-bit code for a negative difference, by decision interval. */
  static final int[] LOW_CODE_NEGATIVE = {
    0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11,
    10, 9, 8, 7, 6, 5, 4
  };

  /** QUANTL: 6-bit code for a positive difference, by decision interval. */
  static final int[] LOW_CODE_POSITIVE = {
    0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39,
    38, 37, 36, 35, 34, 33, 32
  };

  /** INVQAL: 4-bit (truncated) lower-band inverse quantizer, drives the predictor. */
  static final int[] LOW_INVERSE_4 = {
    0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584,
    1200, 0
  };

  /** INVQBL: full 6-bit lower-band inverse quantizer, used for the decoder output. */
  static final int[] LOW_INVERSE_6 = {
    -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232,
    -9360, -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776,
    -2400, -2032, -1688, -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192,
    10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032,
    1688, 1360, 1040, 728, 432, 136, -432, -136
  };

  /** LOGSCL: 4-bit code to magnitude index for the log step-size multipliers. */
  static final int[] LOW_MAGNITUDE = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};

  /** LOGSCL: log step-size multipliers of the lower band. */
  static final int[] LOW_LOG_STEP = {-60, -30, 58, 172, 334, 538, 1198, 3042};

  /** SCALEL/SCALEH: antilog table for the step size. */
  static final int[] ANTILOG = {
    2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774,
    2834, 2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838,
    3922, 4008
  };

  /** INVQAH: higher-band 2-bit inverse quantizer. */
  static final int[] HIGH_INVERSE = {-7408, -1616, 7408, 1616};

  /** QUANTH: 2-bit code for negative / positive differences, by interval (1 or 2). */
  static final int[] HIGH_CODE_NEGATIVE = {0, 1, 0};

  static final int[] HIGH_CODE_POSITIVE = {0, 3, 2};

  /** LOGSCH: code to magnitude index, and the log step-size multipliers of the higher band. */
  static final int[] HIGH_MAGNITUDE = {2, 1, 2, 1};

  static final int[] HIGH_LOG_STEP = {0, -214, 798};

  /** QUANTH decision level (times det / 4096). */
  static final int HIGH_DECISION = 564;
}
