/**
 * A histogram over a fixed number of label slots in plain typed arrays: observing is a bucket search and two
 * additions, with no label hashing and nothing allocated (prom-client's `labels(…).observe` hashes the label object on
 * every call). The exporter turns the slots into Prometheus series at scrape time (metrics/families.ts).
 */
export class SlotHistogram {
  /** Per slot, the count of each bucket (not cumulative), the last one past the highest bound (+Inf). */
  readonly counts: Float64Array;
  readonly sums: Float64Array;
  private readonly width: number;

  constructor(
    readonly bounds: readonly number[],
    readonly slots: number,
  ) {
    this.width = bounds.length + 1;
    this.counts = new Float64Array(slots * this.width);
    this.sums = new Float64Array(slots);
  }

  observe(slot: number, value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[slot * this.width + i]!++;
    this.sums[slot]! += value;
  }

  /** The slot's observations: cumulative bucket counts (the last is +Inf, the total), and their sum. */
  read(slot: number): { cumulative: number[]; sum: number } {
    const cumulative: number[] = [];
    let acc = 0;
    for (let i = 0; i < this.width; i++) cumulative.push((acc += this.counts[slot * this.width + i]!));
    return { cumulative, sum: this.sums[slot]! };
  }

  count(slot: number): number {
    let n = 0;
    for (let i = 0; i < this.width; i++) n += this.counts[slot * this.width + i]!;
    return n;
  }
}

/** Latency buckets (seconds) from 10 µs, where an embedded lookup answers, to 1 s. */
export const LATENCY_BUCKETS = [
  0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1,
];

/** Buckets (seconds) for work measured in milliseconds to minutes: flushes and job runs. */
export const WORK_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
