import type { Metric } from 'prom-client';
import type { SlotHistogram } from './slot-histogram.js';

type Labels = Record<string, string>;
interface Sample {
  value: number;
  labels: Labels;
  metricName: string;
}

/**
 * A Prometheus histogram family read from SlotHistograms at scrape time, in the shape prom-client's registry formats
 * (`get()` answering `{ name, help, type, values }`): its own Histogram could only be filled through `observe`, which
 * hashes a label object per call — the cost the request path avoids (metrics/slot-histogram.ts).
 */
export function slotHistogramFamily(
  name: string,
  help: string,
  series: () => Iterable<{ histogram: SlotHistogram; slot: number; labels: Labels }>,
): Metric {
  return {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: () => {
      const values: Sample[] = [];
      for (const { histogram, slot, labels } of series()) {
        const { cumulative, sum } = histogram.read(slot);
        histogram.bounds.forEach((le, i) =>
          values.push({ value: cumulative[i]!, labels: { ...labels, le: String(le) }, metricName: `${name}_bucket` }),
        );
        const count = cumulative[cumulative.length - 1]!;
        values.push({ value: count, labels: { ...labels, le: '+Inf' }, metricName: `${name}_bucket` });
        values.push({ value: sum, labels, metricName: `${name}_sum` });
        values.push({ value: count, labels, metricName: `${name}_count` });
      }
      return Promise.resolve({ name, help, type: 'histogram', aggregator: 'sum', values });
    },
  } as unknown as Metric;
}
