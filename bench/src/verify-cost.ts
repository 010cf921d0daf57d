import type { Request } from 'express';
import { AuditService } from '../../server/src/audit/service.js';
import { LastUseRecorder } from '../../server/src/auth-tokens/last-use.js';
import { authTokenVerifier } from '../../server/src/auth-tokens/verifier.js';
import { digestToken, generateToken } from '../../server/src/lib/token-format.js';
import { createLogger } from '../../server/src/logger.js';
import type { Store } from '../../server/src/store/store.js';

export interface VerifyCost {
  digestUs: number;
  lookupUs: number;
  verifyUs: number;
  verifyUnknownUs: number;
}

async function perCall(iterations: number, fn: (i: number) => unknown, warm = 1000): Promise<number> {
  // Warm the JIT, the page cache and (where the store keeps one) the credential memory.
  for (let i = 0; i < Math.min(warm, iterations); i++) await fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn(i);
  return Number(process.hrtime.bigint() - start) / 1000 / iterations;
}

/** The in-process cost of one verification, and of its parts, called directly in a loop (no HTTP). */
export async function measureVerifyCost(store: Store, tokens: string[], iterations: number): Promise<VerifyCost> {
  const logger = createLogger('silent');
  const lastUse = new LastUseRecorder(store.authTokens, logger, 60_000);
  const verifier = authTokenVerifier(store.authTokens, lastUse, new AuditService(store.audit, store.users, logger));
  // What the verifier and the audit read of a request: its headers and the peer's address.
  const req = {
    ip: '127.0.0.1',
    headers: {},
    socket: { remoteAddress: '127.0.0.1' },
    get: () => undefined,
  } as unknown as Request;
  const digests = tokens.map(digestToken);
  const unknown = Array.from({ length: Math.min(tokens.length, 1000) }, () => generateToken());
  const at = (list: string[], i: number) => list[i % list.length]!;

  const digestUs = await perCall(iterations, (i) => digestToken(at(tokens, i)));
  // The path the server takes: the synchronous lookup where the store has one (SQLite), else the promise.
  const lookup = (d: string) => store.authTokens.findCredential(d);
  const lookupUs = await perCall(iterations, (i) => lookup(at(digests, i)), tokens.length);
  const verifyUs = await perCall(
    iterations,
    async (i) => {
      if (!(await verifier.verify(at(tokens, i), req, '127.0.0.1'))) throw new Error('a seeded token did not verify');
    },
    tokens.length,
  );
  // Fewer rounds: whatever a failed use records (audit) is part of its cost and should not flood the data dir.
  const verifyUnknownUs = await perCall(
    Math.min(iterations, 5000),
    (i) => verifier.verify(at(unknown, i), req, '127.0.0.1'),
    unknown.length,
  );
  await lastUse.stop();
  return { digestUs, lookupUs, verifyUs, verifyUnknownUs };
}
