// A small local load balancer for trying Tessera's replicas on one machine without HAProxy (scripts/replicas.sh uses
// it when HAProxy is not installed): round-robin over the replicas that answer GET /api/ready, health-checked every
// second; X-Forwarded-For/-Proto/-Host added (run the replicas with TESSERA_TRUST_PROXY=loopback); a GET or HEAD
// whose replica refuses the connection is sent to the next one, as HAProxy's `retries` + `redispatch` do; the
// answering replica named in X-Tessera-Replica. Not for production: put HAProxy, nginx or your platform's balancer
// there (docs/deploy.md).
//   node scripts/load-balancer.mjs <listen port> <bind address> <name=url> [<name=url> …]
import http from 'node:http';
import { createProxyServer } from 'http-proxy-3';

const [port, bind, ...specs] = process.argv.slice(2);
if (!port || !bind || specs.length === 0) {
  process.stderr.write('usage: node scripts/load-balancer.mjs <port> <bind> <name=url> [<name=url> …]\n');
  process.exit(2);
}
const replicas = specs.map((spec) => {
  const [name, url] = spec.split('=');
  return { name, url: new URL(url), healthy: false };
});

const CHECK_EVERY_MS = 1_000;
const CHECK_TIMEOUT_MS = 2_000;

async function check(replica) {
  try {
    const res = await fetch(new URL('/api/ready', replica.url), { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    await res.arrayBuffer();
    replica.healthy = res.status === 200;
  } catch {
    replica.healthy = false;
  }
}
const checkAll = () => Promise.all(replicas.map(check));
setInterval(checkAll, CHECK_EVERY_MS).unref();

let next = 0;
/** The next healthy replica after the ones already tried for this request, round-robin. */
function pick(tried) {
  for (let i = 0; i < replicas.length; i++) {
    const r = replicas[(next + i) % replicas.length];
    if (r.healthy && !tried.has(r)) {
      next = (next + i + 1) % replicas.length;
      return r;
    }
  }
  return undefined;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const proxy = createProxyServer({ xfwd: true, agent, proxyTimeout: 60_000 });
proxy.on('proxyRes', (proxyRes, req) => {
  proxyRes.headers['x-tessera-replica'] = req.replica.name;
});

function unavailable(res) {
  if (res.headersSent) return res.destroy();
  res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' });
  res.end(JSON.stringify({ type: 'about:blank', title: 'No replica is available', status: 503 }));
}

function forward(req, res, tried) {
  const replica = pick(tried);
  if (!replica) return unavailable(res);
  tried.add(replica);
  req.replica = replica;
  proxy.web(req, res, { target: replica.url }, (err) => {
    // Refused or reset before an answer: the replica is down. A request without a body can go to another one.
    replica.healthy = false;
    const retryable = (req.method === 'GET' || req.method === 'HEAD') && !res.headersSent;
    if (retryable && ['ECONNREFUSED', 'ECONNRESET'].includes(err.code)) return forward(req, res, tried);
    unavailable(res);
  });
}

await checkAll();
const server = http.createServer((req, res) => forward(req, res, new Set()));
server.keepAliveTimeout = 10_000;
server.on('error', (err) => {
  process.stderr.write(`load balancer: cannot listen on ${bind}:${port}: ${err.message}\n`);
  process.exit(1);
});
server.listen(Number(port), bind, () => {
  process.stdout.write(`load balancer on http://${bind}:${port} → ${replicas.map((r) => r.name).join(', ')}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
