import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateToken } from '../../server/src/lib/token-format.js';
import { runLoad, type LoadTarget } from './load.js';
import { cpuMs, startServer, type ServerProcess } from './proc.js';
import { median } from './report.js';
import { readScopedSample, readSeed, seededServerEnv } from './seed.js';

// A/B of server builds or settings against bare Express, for deciding whether a change helps: each measured run is
// preceded by an unmeasured warm-up, and beside req/s it reports the server's own CPU time per request, which moves
// far less than throughput when a shared machine's speed drifts. Uses the data `npm run bench` seeded.
//
//   npm run ab -w bench -- --variant shipped --variant 'all-logs:TESSERA_ACCESS_LOG=all'
//   npm run ab -w bench -- --variant new --variant 'old:DIST=/path/to/old/server/dist:TESSERA_DATA_DIR=/copy'
//
// A variant is name[:KEY=value…]: KEY is an environment variable for the server, or DIST (the built server's
// directory, default server/dist), NODE (extra node options, space-separated) or KIND=unknown (unknown tokens),
// KIND=basic (the sample tokens as HTTP Basic username:token) or KIND=scoped (issue 18's tokens with 3 scopes and 10
// networks).
const { values: opt } = parseArgs({
  options: {
    variant: { type: 'string', multiple: true, default: ['shipped'] },
    rounds: { type: 'string', default: '6' },
    duration: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    tokens: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '10000' },
    'port-base': { type: 'string', default: '3640' },
  },
});

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(repo, `bench/.cache/sqlite-${opt.tokens}t-${opt.users}u`);
const seed = readSeed(cacheDir);
if (!seed) throw new Error(`no seeded data in ${cacheDir}: run npm run bench first`);
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-ab-'));

type Kind = 'valid' | 'basic' | 'unknown' | 'scoped';

interface Variant {
  name: string;
  server: ServerProcess;
  kind: Kind;
}

function parseVariant(spec: string) {
  const [name = 'variant', ...settings] = spec.split(':');
  const env: Record<string, string> = {};
  const nodeArgs: string[] = [];
  let dist = path.join(repo, 'server/dist');
  let kind: Kind = 'valid';
  for (const setting of settings) {
    const eq = setting.indexOf('=');
    const key = setting.slice(0, eq);
    const value = setting.slice(eq + 1);
    if (key === 'DIST') dist = path.resolve(repo, value);
    else if (key === 'NODE') nodeArgs.push(...value.split(' ').filter(Boolean));
    else if (key === 'KIND') kind = value === 'unknown' || value === 'scoped' || value === 'basic' ? value : 'valid';
    else env[key] = value;
  }
  return { name, env, nodeArgs, dist, kind };
}

async function main() {
  const base = Number(opt['port-base']);
  const bare = await startServer({
    name: 'bare',
    args: ['--import', 'tsx', path.join(repo, 'bench/src/servers/bare.ts')],
    port: base,
    readyPath: '/api/whoami',
    logFile: path.join(logDir, 'bare.log'),
    env: { PATH: process.env.PATH ?? '' },
  });
  const variants: Variant[] = [];
  try {
    for (const [i, spec] of opt.variant.entries()) {
      const v = parseVariant(spec);
      const server = await startServer({
        name: v.name,
        args: [...v.nodeArgs, path.join(v.dist, 'main.js')],
        port: base + 1 + i,
        readyPath: '/api/health',
        logFile: path.join(logDir, `${v.name}.log`),
        env: seededServerEnv(path.join(cacheDir, 'data'), v.env),
      });
      variants.push({ name: v.name, server, kind: v.kind });
    }

    const valid = seed!.sample.map((s) => ({ authorization: `Bearer ${s.token}` }));
    const lists: Record<Kind, Record<string, string>[]> = {
      valid,
      basic: seed!.sample.map((s) => ({
        authorization: `Basic ${Buffer.from(`${s.username}:${s.token}`).toString('base64')}`,
      })),
      unknown: seed!.sample.map(() => ({ authorization: `Bearer ${generateToken()}` })),
      scoped: (readScopedSample(cacheDir)?.sample ?? []).map((s) => ({ authorization: `Bearer ${s.token}` })),
    };
    if (variants.some((v) => v.kind === 'scoped') && lists.scoped.length === 0)
      throw new Error('no scoped tokens: run npm run bench first');
    const target = (s: ServerProcess, kind: Kind): LoadTarget => {
      const list = lists[kind];
      return {
        url: s.url,
        connections: Number(opt.connections),
        headers: (n) => list[n % list.length]!,
        expectStatus: kind === 'unknown' ? 401 : 200,
      };
    };
    const all: Variant[] = [{ name: 'bare', server: bare, kind: 'valid' }, ...variants];
    const reqPerSec = new Map<string, number[]>(all.map((v) => [v.name, []]));
    const cpuUs = new Map<string, number[]>(all.map((v) => [v.name, []]));
    for (let round = 1; round <= Number(opt.rounds); round++) {
      const cells: string[] = [];
      for (const v of all) {
        const t = target(v.server, v.kind);
        if (Number(opt.warmup) > 0) await runLoad([t], Number(opt.warmup));
        const before = cpuMs(v.server.pid);
        const r = await runLoad([t], Number(opt.duration));
        const us = ((cpuMs(v.server.pid) - before) * 1000) / Math.max(1, r.requests);
        if (r.errors + r.unexpected > 0) throw new Error(`${v.name}: ${r.errors} errors, ${r.unexpected} unexpected`);
        reqPerSec.get(v.name)!.push(r.reqPerSec);
        cpuUs.get(v.name)!.push(us);
        cells.push(`${v.name} ${Math.round(r.reqPerSec)} req/s ${Math.round(us)} µs`);
      }
      process.stdout.write(`round ${round}: ${cells.join(' · ')}\n`);
    }
    const bareRps = reqPerSec.get('bare')!;
    const bareCpu = cpuUs.get('bare')!;
    process.stdout.write(`\nmedians over rounds (ratios taken round by round against bare Express):\n`);
    for (const v of all) {
      const rps = reqPerSec.get(v.name)!;
      const cpu = cpuUs.get(v.name)!;
      process.stdout.write(
        `${v.name.padEnd(16)} ${Math.round(median(rps)).toString().padStart(6)} req/s ` +
          `× bare ${median(rps.map((x, i) => x / bareRps[i]!)).toFixed(2)}   ` +
          `CPU ${median(cpu).toFixed(0).padStart(4)} µs/request, bare/this ${median(cpu.map((x, i) => bareCpu[i]! / x)).toFixed(2)}   ` +
          `VmHWM ${v.server.peakRssMb()} MB\n`,
      );
    }
  } finally {
    for (const v of variants) await v.server.stop();
    await bare.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`ab failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
