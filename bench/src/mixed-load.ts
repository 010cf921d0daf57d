/**
 * Mixed load on loopback (issue 6): token verification, sign-in, create, list and delete at once against the
 * production build, for a fixed duration. Reports throughput, latency percentiles per operation, every status,
 * the count of 5xx (which must be zero) and the server's peak memory. A benchmark, not a test: nothing is asserted
 * except that no 5xx was seen (exit code 1 otherwise).
 *
 *   npm run bench:mixed -w bench -- [--duration 30] [--connections 32] [--users 20] [--port 3715]
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from './proc.js';

const { values: opt } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '32' },
    users: { type: 'string', default: '20' },
    port: { type: 'string', default: '3715' },
  },
});
const DURATION_S = Number(opt.duration);
const CONNECTIONS = Number(opt.connections);
const USERS = Number(opt.users);
const PORT = Number(opt.port);
const ADMIN_PASSWORD = 'mixed-load-admin-password';
const TOKENS_PER_USER = 5;

// The mix: mostly verification (what programs do all day), with the console's writes and reads around it.
const MIX = [
  ['verify', 70],
  ['list', 10],
  ['create', 8],
  ['delete', 7],
  ['sign-in', 5],
] as const;
type Op = (typeof MIX)[number][0];

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS + 4 });

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

function call(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main() {
  if (!fs.existsSync(path.join(repo, 'server/dist/main.js'))) {
    console.error('Build the server first: npm run build -w server');
    process.exit(2);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-mixed-'));
  const server = await startServer({
    name: 'tessera',
    args: [path.join(repo, 'server/dist/main.js')],
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      TESSERA_DATA_DIR: dataDir,
      TESSERA_ADMIN_PASSWORD: ADMIN_PASSWORD,
      TESSERA_MAX_TOKENS_PER_USER: '1000',
      TESSERA_LOG_LEVEL: 'warn',
      TESSERA_ACCESS_LOG: 'errors',
      NODE_ENV: 'production',
    },
    port: PORT,
    logFile: path.join(dataDir, 'server.log'),
    readyPath: '/api/health',
  });
  const base = server.url;
  try {
    const signIn = await call(
      'POST',
      `${base}/api/session`,
      { 'Sec-Fetch-Site': 'same-origin' },
      {
        username: 'admin',
        password: ADMIN_PASSWORD,
      },
    );
    const admin = { Cookie: String(signIn.headers['set-cookie']?.[0]).split(';')[0]!, 'Sec-Fetch-Site': 'same-origin' };
    const users: { name: string; password: string; tokens: string[]; created: string[] }[] = [];
    for (let u = 0; u < USERS; u++) {
      const name = `load-${u}`;
      const password = `load-user-password-${u}-x`;
      const res = await call('POST', `${base}/api/users`, admin, { username: name, password });
      if (res.status !== 201) throw new Error(`user create failed: ${res.status} ${res.body}`);
      const id = (JSON.parse(res.body) as { id: string }).id;
      const tokens: string[] = [];
      for (let i = 0; i < TOKENS_PER_USER; i++) {
        const t = await call('POST', `${base}/api/users/${id}/auth-tokens`, admin, { description: `seed ${i}` });
        tokens.push((JSON.parse(t.body) as { token: string }).token);
      }
      users.push({ name, password, tokens, created: [] });
    }

    const latencies = new Map<Op, number[]>(MIX.map(([op]) => [op, []]));
    const statuses = new Map<string, number>();
    let networkErrors = 0;
    let serverErrors = 0;
    const total = MIX.reduce((s, [, w]) => s + w, 0);
    const pick = (): Op => {
      let r = Math.random() * total;
      for (const [op, w] of MIX) if ((r -= w) < 0) return op;
      return 'verify';
    };
    const headerFor = (token: string, user: string, i: number): Record<string, string> =>
      i % 3 === 0
        ? { Authorization: `Bearer ${token}` }
        : i % 3 === 1
          ? { 'X-Auth-Token': token }
          : { Authorization: 'Basic ' + Buffer.from(`${user}:${token}`).toString('base64') };

    const started = Date.now();
    const deadline = started + DURATION_S * 1000;
    let peakRss = server.peakRssMb();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, server.peakRssMb())), 500);

    async function worker(w: number) {
      let i = w;
      while (Date.now() < deadline) {
        i++;
        const user = users[i % users.length]!;
        let op = pick();
        if (op === 'delete' && user.created.length === 0) op = 'create';
        const auth = headerFor(user.tokens[i % user.tokens.length]!, user.name, i);
        const t0 = process.hrtime.bigint();
        try {
          let res: Answer;
          if (op === 'verify') res = await call('GET', `${base}/api/whoami`, auth);
          else if (op === 'list') res = await call('GET', `${base}/api/users/me/auth-tokens`, auth);
          else if (op === 'create') {
            res = await call('POST', `${base}/api/users/me/auth-tokens`, auth, { description: `load ${i}` });
            if (res.status === 201) user.created.push((JSON.parse(res.body) as { id: string }).id);
          } else if (op === 'delete') {
            const id = user.created.pop()!;
            res = await call('DELETE', `${base}/api/users/me/auth-tokens/${id}`, auth);
          } else {
            res = await call(
              'POST',
              `${base}/api/session`,
              { 'Sec-Fetch-Site': 'same-origin' },
              { username: user.name, password: user.password },
            );
          }
          latencies.get(op)!.push(Number(process.hrtime.bigint() - t0) / 1e6);
          const key = `${op} ${res.status}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          if (res.status >= 500) serverErrors++;
        } catch {
          networkErrors++;
        }
      }
    }
    await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)));
    clearInterval(sampler);
    peakRss = Math.max(peakRss, server.peakRssMb());
    const elapsed = (Date.now() - started) / 1000;

    const rows: string[] = [];
    let all: number[] = [];
    for (const [op] of MIX) {
      const l = latencies.get(op)!.sort((a, b) => a - b);
      all = all.concat(l);
      rows.push(
        `| ${op} | ${l.length} | ${(l.length / elapsed).toFixed(0)} | ${percentile(l, 50).toFixed(1)} | ` +
          `${percentile(l, 90).toFixed(1)} | ${percentile(l, 99).toFixed(1)} | ${(l[l.length - 1] ?? 0).toFixed(1)} |`,
      );
    }
    all.sort((a, b) => a - b);
    const out = [
      `Mixed load: ${DURATION_S} s, ${CONNECTIONS} connections, ${USERS} users × ${TOKENS_PER_USER} tokens, ` +
        `node ${process.version}, ${os.cpus().length} CPUs, load average at the end ${os.loadavg()[0]!.toFixed(1)}`,
      '',
      '| operation | requests | req/s | p50 ms | p90 ms | p99 ms | max ms |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows,
      `| **all** | ${all.length} | ${(all.length / elapsed).toFixed(0)} | ${percentile(all, 50).toFixed(1)} | ` +
        `${percentile(all, 90).toFixed(1)} | ${percentile(all, 99).toFixed(1)} | ${(all[all.length - 1] ?? 0).toFixed(1)} |`,
      '',
      `statuses: ${[...statuses.entries()]
        .sort()
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ')}`,
      `5xx: ${serverErrors}, network errors: ${networkErrors}, server peak RSS: ${peakRss} MB`,
    ];
    console.log(out.join('\n'));
    if (serverErrors > 0 || networkErrors > 0) process.exitCode = 1;
  } finally {
    await server.stop();
    agent.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
