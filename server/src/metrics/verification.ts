import { performance } from 'node:perf_hooks';
import type { TokenVerifier, VerificationRecorder } from '../http/credentials.js';
import type { CredentialHeader } from '../http/principal.js';
import { LATENCY_BUCKETS, SlotHistogram } from './slot-histogram.js';

/** The `kind` label: the verifier that took the credential (a Keystone token from an application credential apart). */
export const KINDS = [
  'auth_token',
  'oauth_access_token',
  'keystone_token',
  'application_credential',
  'bootstrap_token',
  /** No verifier recognised the credential's format, or the header could not be read. */
  'unrecognised',
] as const;
/** The `scheme` label: the header the credential came in; `malformed` when it could not be read. */
export const SCHEMES = ['bearer', 'basic', 'ssws', 'x-auth-token', 'malformed'] as const;
/** The `outcome` label: 200, 401, 403, 429, anything else (a failing database: the request's 5xx). */
export const OUTCOMES = ['ok', 'unauthorized', 'forbidden', 'throttled', 'error'] as const;

const APPLICATION_CREDENTIAL = 3;
const UNRECOGNISED = 5;

function kindIndex(kind: TokenVerifier['kind']): number {
  switch (kind) {
    case 'auth_token':
      return 0;
    case 'oauth_access_token':
      return 1;
    case 'keystone_token':
      return 2;
    case 'bootstrap_token':
      return 4;
    default:
      return UNRECOGNISED;
  }
}

function schemeIndex(via: CredentialHeader | undefined): number {
  switch (via) {
    case 'bearer':
      return 0;
    case 'basic':
      return 1;
    case 'ssws':
      return 2;
    case 'x-auth-token':
      return 3;
    default:
      return 4;
  }
}

const outcomeIndex = (status: number) =>
  status === 200 ? 0 : status === 401 ? 1 : status === 403 ? 2 : status === 429 ? 3 : 4;

/** The slot of a (kind, scheme, outcome) triple, and back. */
const slotOf = (kind: number, scheme: number, outcome: number) =>
  (kind * SCHEMES.length + scheme) * OUTCOMES.length + outcome;

/**
 * Token verification latency by kind, scheme and outcome, kept in typed arrays: a request pays two clock reads, three
 * switches and a bucket search, with no label object, hash or allocation (docs/decisions/0004-performance-deviations.md §7).
 */
export class VerificationMetrics implements VerificationRecorder {
  readonly histogram = new SlotHistogram(LATENCY_BUCKETS, KINDS.length * SCHEMES.length * OUTCOMES.length);

  /** Called once a token request is settled; `status` is 200 for a principal, else the refusal's status. */
  readonly record: VerificationRecorder['record'] = (verifier, principal, via, status, startedMs) => {
    const seconds = (performance.now() - startedMs) / 1000;
    const kind = principal?.applicationCredential !== undefined ? APPLICATION_CREDENTIAL : kindIndex(verifier?.kind);
    this.histogram.observe(slotOf(kind, schemeIndex(via), outcomeIndex(status)), seconds);
  };

  /** The labels of every slot observed at least once, for the exporter. */
  *series(): Generator<{ slot: number; labels: { kind: string; scheme: string; outcome: string } }> {
    for (let k = 0; k < KINDS.length; k++)
      for (let s = 0; s < SCHEMES.length; s++)
        for (let o = 0; o < OUTCOMES.length; o++) {
          const slot = slotOf(k, s, o);
          if (this.histogram.count(slot) > 0)
            yield { slot, labels: { kind: KINDS[k]!, scheme: SCHEMES[s]!, outcome: OUTCOMES[o]! } };
        }
  }
}
