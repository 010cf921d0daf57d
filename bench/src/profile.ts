import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateToken } from '../../server/src/lib/token-format.js';
import { runLoad } from './load.js';
import { startServer } from './proc.js';
import { readSeed, seededServerEnv } from './seed.js';

// CPU profile of the production server under one kind of load: `npm run profile -w bench -- --kind bearer`.
const { values: opt } = parseArgs({
  options: {
    kind: { type: 'string', default: 'bearer' },
    duration: { type: 'string', default: '10' },
    tokens: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '10000' },
    port: { type: 'string', default: '3618' },
    env: { type: 'string', multiple: true, default: [] },
  },
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(repo, `bench/.cache/sqlite-${opt.tokens}t-${opt.users}u`);
const seed = readSeed(cacheDir);
if (!seed) throw new Error(`no seeded data in ${cacheDir}: run npm run bench first`);

/** Where a frame comes from, coarse enough to read: a package, a Tessera source file, or a V8 bucket. */
function origin(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const own = /server\/dist\/(.*)$/.exec(url);
  return own ? `tessera:${own[1]}` : url;
}

async function main() {
  const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-prof-'));
  const extraEnv = Object.fromEntries(opt.env.map((e) => e.split('=', 2) as [string, string]));
  const server = await startServer({
    name: 'tessera-profiled',
    args: ['--cpu-prof', '--cpu-prof-dir', profDir, path.join(repo, 'server/dist/main.js')],
    port: Number(opt.port),
    readyPath: '/api/health',
    logFile: path.join(profDir, 'server.log'),
    env: seededServerEnv(path.join(cacheDir, 'data'), extraEnv),
  });
  const s = seed!.sample;
  const headers: Record<string, Record<string, string>[]> = {
    bearer: s.map((x) => ({ authorization: `Bearer ${x.token}` })),
    'x-auth-token': s.map((x) => ({ 'x-auth-token': x.token })),
    basic: s.map((x) => ({ authorization: `Basic ${Buffer.from(`${x.username}:${x.token}`).toString('base64')}` })),
    unknown: s.map(() => ({ authorization: `Bearer ${generateToken()}` })),
  };
  const list = headers[opt.kind]!;
  const r = await runLoad(
    [
      {
        url: server.url,
        connections: 50,
        headers: (n) => list[n % list.length]!,
        expectStatus: opt.kind === 'unknown' ? 401 : 200,
      },
    ],
    Number(opt.duration),
  );
  await server.stop();
  process.stdout.write(`${opt.kind}: ${Math.round(r.reqPerSec)} req/s, p99 ${r.p99Ms} ms\n`);

  const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile was written');
  const profile = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, t] of self) {
    const f = byId.get(id)!.callFrame;
    const o = origin(f.url, f.functionName);
    byOrigin.set(o, (byOrigin.get(o) ?? 0) + t);
    const fn = `${f.functionName || '(anonymous)'} ${o}:${f.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  process.stdout.write(
    `self time by origin:\n${top(byOrigin, 25)}\n\nself time by function:\n${top(byFunction, 30)}\n`,
  );
  process.stdout.write(`profile: ${path.join(profDir, file)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`profile failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
