/** The middle of repeated measurements, and how far apart they were. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], samples: [...samples] };
}

/**
 * The exponent k of y = c * x^k fitted by least squares on log x and log y:
 * 1 is linear growth, 2 quadratic.
 */
export function powerLawExponent(points: readonly { x: number; y: number }[]): number {
  const logs = points.map(({ x, y }) => ({ x: Math.log(x), y: Math.log(y) }));
  const meanX = logs.reduce((sum, p) => sum + p.x, 0) / logs.length;
  const meanY = logs.reduce((sum, p) => sum + p.y, 0) / logs.length;
  const covariance = logs.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const variance = logs.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  return covariance / variance;
}

/** A ratio rounded for reading, keeping two decimals. */
export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
