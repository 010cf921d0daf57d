/** One sample of a Prometheus text exposition. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;
const SUFFIXES: Record<string, string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

/**
 * Parses the Prometheus text format (0.0.4) strictly, throwing at the first line that breaks it: each family's HELP
 * and TYPE once, before its samples; samples only of a declared family (with the type's suffixes); label names and
 * escapes as the format allows; no label repeated; numbers or ±Inf/NaN; a histogram's buckets rising to +Inf, which
 * equals its _count. A test's stand-in for `promtool check metrics`.
 */
export function parsePrometheusText(text: string): PromSample[] {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: PromSample[] = [];
  for (const [n, line] of text.slice(0, -1).split('\n').entries()) {
    const fail = (why: string) => {
      throw new Error(`line ${n + 1} (${line}): ${why}`);
    };
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) continue; // a plain comment
      const [, what, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) fail('bad metric name');
      if (what === 'HELP') {
        if (helps.has(name)) fail('HELP repeated');
        helps.add(name);
      } else {
        if (types.has(name)) fail('TYPE repeated');
        if (!(rest in SUFFIXES)) fail('unknown type');
        if (samples.some((s) => familyOf(s.name, types) === name)) fail('TYPE after samples');
        types.set(name, rest);
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/.exec(line);
    if (!m) fail('not a sample line');
    const [, name, labelText = '', valueText] = m as unknown as [string, string, string | undefined, string];
    const labels: Record<string, string> = {};
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < labelText.length) {
      const l = LABEL.exec(labelText);
      if (!l) fail('bad label list');
      const [, key, raw] = l as unknown as [string, string, string];
      if (key in labels) fail(`label ${key} repeated`);
      labels[key] = raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    // Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case (prom-client writes `Nan`).
    const special = /^([+-]?)(inf|nan)$/i.exec(valueText);
    const value = special
      ? special[2]!.toLowerCase() === 'nan'
        ? NaN
        : (special[1] === '-' ? -1 : 1) * Infinity
      : Number(valueText);
    if (Number.isNaN(value) && !special) fail('bad value');
    if (familyOf(name, types) === undefined) fail('sample of an undeclared family');
    samples.push({ name, labels, value });
  }
  checkHistograms(samples, types);
  return samples;
}

function familyOf(name: string, types: Map<string, string>): string | undefined {
  for (const [family, type] of types) for (const suffix of SUFFIXES[type]!) if (name === family + suffix) return family;
  return undefined;
}

function checkHistograms(samples: PromSample[], types: Map<string, string>) {
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, { buckets: [number, number][]; count?: number }>();
    for (const s of samples) {
      if (s.name !== `${family}_bucket` && s.name !== `${family}_count` && s.name !== `${family}_sum`) continue;
      const { le, ...rest } = s.labels;
      const key = JSON.stringify(Object.entries(rest).sort());
      const e = series.get(key) ?? { buckets: [] };
      series.set(key, e);
      if (s.name === `${family}_bucket`) {
        if (le === undefined) throw new Error(`${family}: a bucket without le`);
        e.buckets.push([le === '+Inf' ? Infinity : Number(le), s.value]);
      } else if (s.name === `${family}_count`) e.count = s.value;
    }
    for (const [key, e] of series) {
      const last = e.buckets[e.buckets.length - 1];
      if (!last || last[0] !== Infinity) throw new Error(`${family}${key}: no +Inf bucket`);
      e.buckets.forEach(([le, v], i) => {
        if (i > 0 && (le <= e.buckets[i - 1]![0] || v < e.buckets[i - 1]![1]))
          throw new Error(`${family}${key}: buckets not rising`);
      });
      if (e.count !== last[1]) throw new Error(`${family}${key}: +Inf bucket ${last[1]} but _count ${e.count}`);
    }
  }
}

/** The value of the one sample named `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(
  samples: PromSample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}
