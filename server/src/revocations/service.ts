import type { Logger } from 'pino';
import type { z } from 'zod';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { invalidField } from '../errors.js';
import { Conflict, NotFound } from '../http/errors.js';
import type { InventoryFilter, TokenInventoryService } from '../inventory/service.js';
import type { Job } from '../jobs/runner.js';
import { newId } from '../lib/ids.js';
import { decodeCursor, encodeCursor } from '../store/rows.js';
import type { ChangedToken, RevocationRepository, TokenRevocation } from '../store/store.js';
import { batchPacer, candidates, cpuMsSince, inBatches, paceFor, yieldToRequests, type Pace } from './batches.js';
import type { createRevocationSchema, revocationListSchema, revocationSchema } from './schema.js';

const DAY_MS = 86_400_000;
const SAMPLE = 10;
/** The inactivity job's changes: no actor, no address. */
const SYSTEM: AuditContext = { actor: null, ip: null, userAgent: null, credential: null };

type CreateRevocation = z.output<typeof createRevocationSchema>;
type Selection = { ids: readonly string[] } | { filter: InventoryFilter };

/**
 * Bulk revocation with undo, and inactivity revocation (issue 19). A revocation marks its tokens revoked (refused
 * from the next request on every replica; their secrets kept), in short batches each with its tokens' audit rows;
 * an undo inside the window restores them with the same secrets; after the window the finalise job deletes them.
 */
export class RevocationService {
  private readonly pace: Pace;

  constructor(
    private readonly repo: RevocationRepository,
    private readonly inventory: Pick<TokenInventoryService, 'filter' | 'sample'>,
    private readonly audit: AuditService,
    private readonly options: {
      dialect: 'sqlite' | 'postgres';
      undoMinutes: number;
      /** How often the finalise job runs (TESSERA_REVOKE_FINALISE_INTERVAL_MS); 30 s when not given. */
      finaliseIntervalMs?: number;
      logger: Logger;
      pace?: Pace;
    },
  ) {
    this.pace = options.pace ?? paceFor(options.dialect);
  }

  private async selection(input: CreateRevocation, now: number): Promise<Selection> {
    if (input.ids) return { ids: [...new Set(input.ids)] };
    return { filter: await this.inventory.filter(input.filter ?? {}, now) };
  }

  /** What a revocation would revoke: how many tokens, and a few of them. Changes nothing. */
  async preview(input: CreateRevocation, now = Date.now()) {
    const select = await this.selection(input, now);
    let count = 0;
    const first: string[] = [];
    for await (const chunk of candidates(this.repo, this.pace, select)) {
      const ids = 'ids' in select ? await this.repo.revocable(chunk) : chunk;
      count += ids.length;
      if (first.length < SAMPLE) first.push(...ids.slice(0, SAMPLE - first.length));
    }
    const nowIso = new Date(now).toISOString();
    const sample =
      'ids' in select
        ? await this.inventory.sample({ now: nowIso, ids: first, notRevoked: true }, SAMPLE)
        : await this.inventory.sample({ ...select.filter, notRevoked: true }, SAMPLE);
    return { count, sample };
  }

  /** Revokes every token selected; answers once all are marked (each refused from then on). */
  async revoke(ctx: AuditContext, input: CreateRevocation, now = Date.now()) {
    const select = await this.selection(input, now);
    const at = new Date(now).toISOString();
    const revocation: TokenRevocation = {
      id: newId(),
      kind: 'administrator',
      reason: input.reason,
      filter: input.filter ? { ...input.filter } : null,
      count: 0,
      createdAt: at,
      createdBy: ctx.actor ? { id: ctx.actor.id, username: ctx.actor.username } : null,
      undoUntil: new Date(now + this.options.undoMinutes * 60_000).toISOString(),
      undoneAt: null,
      finalisedAt: null,
    };
    await this.repo.create(revocation);
    const count = await this.markAll(ctx, revocation, false, select, at);
    this.options.logger.info({ revocation: revocation.id, count, kind: revocation.kind }, 'auth tokens revoked');
    return { id: revocation.id, count, undoUntil: revocation.undoUntil };
  }

  /**
   * Revokes the live tokens unused for `days` (never used: since creation or the last regenerate) as one revocation
   * of kind `inactive`, recorded with its first batch (none when no token qualifies). Stops between batches when
   * `signal` is aborted: what was marked stays marked and counted, and the next run revokes the rest in a revocation
   * of its own.
   *
   * Live: not expired and not revoked — the set the policy's impact counts (store/policy-impact.ts). An expired token
   * is dead already: revoking it would only delete it ten minutes later and tell its owner about a token that no
   * longer worked. A suspended one is revoked: a resume turns it back on with its old secret, so a suspension must
   * not shelter an unused credential from the policy (and a suspended token is never used, so it would be sheltered
   * for good); the undo window covers a hold someone still wants.
   */
  async revokeInactive(days: number, now: Date, signal?: AbortSignal) {
    const at = now.toISOString();
    const filter: InventoryFilter = {
      now: at,
      unusedSince: new Date(now.getTime() - days * DAY_MS).toISOString(),
      unexpired: true,
    };
    const revocation: TokenRevocation = {
      id: newId(),
      kind: 'inactive',
      reason: 'inactive',
      filter: { unusedForDays: days },
      count: 0,
      createdAt: at,
      createdBy: null,
      undoUntil: new Date(now.getTime() + this.options.undoMinutes * 60_000).toISOString(),
      undoneAt: null,
      finalisedAt: null,
    };
    const count = await this.markAll(SYSTEM, revocation, true, { filter }, at, signal);
    if (count > 0) this.options.logger.info({ revocation: revocation.id, count, days }, 'inactive auth tokens revoked');
    return count > 0 ? { id: revocation.id, count } : undefined;
  }

  private async markAll(
    ctx: AuditContext,
    revocation: TokenRevocation,
    createWithFirst: boolean,
    select: Selection,
    at: string,
    signal?: AbortSignal,
  ): Promise<number> {
    const pacer = batchPacer(this.pace);
    const audit = this.auditFor(ctx, 'auth_token.revoke', revocation);
    let count = 0;
    let recorded = !createWithFirst;
    for await (const chunk of candidates(this.repo, this.pace, select)) {
      const goOn = await inBatches(chunk, pacer, this.pace, async (ids) => {
        if (signal?.aborted) return false;
        const n = await this.repo.mark(revocation, !recorded, ids, at, audit);
        if (n === 'closed') return false;
        if (n > 0) recorded = true;
        count += n;
        return true;
      });
      if (!goOn) break;
    }
    return count;
  }

  private auditFor(ctx: AuditContext, action: 'auth_token.revoke' | 'auth_token.restore', r: TokenRevocation) {
    return (t: ChangedToken) =>
      this.audit.event(ctx, {
        action,
        targetUserId: t.userId,
        tokenId: t.id,
        details: {
          reason: r.reason,
          revocationId: r.id,
          kind: r.kind,
          // An inactivity revocation says after how many days unused (the owner's notification repeats it).
          ...(r.kind === 'inactive' && typeof r.filter?.unusedForDays === 'number'
            ? { days: r.filter.unusedForDays }
            : {}),
          description: t.description,
          hint: t.hint,
        },
      });
  }

  /** Brings back a revocation's tokens, same secrets, while its window is open; 409 after. */
  async undo(ctx: AuditContext, id: string, now = Date.now()) {
    const at = new Date(now).toISOString();
    if (!(await this.repo.claimUndo(id, at))) {
      const r = await this.repo.get(id);
      if (!r) throw new NotFound('No such revocation.');
      if (r.undoneAt) throw new Conflict('The revocation was already undone.', 'revocation_undone');
      throw new Conflict(
        'The revocation’s undo window has closed: its tokens are deleted or being deleted.',
        'undo_window_closed',
      );
    }
    const r = (await this.repo.get(id))!;
    const count = await this.restoreAll(ctx, r);
    this.options.logger.info({ revocation: id, count }, 'auth token revocation undone');
    return { id, count, status: 'undone' as const };
  }

  private async restoreAll(ctx: AuditContext, r: TokenRevocation, signal?: AbortSignal): Promise<number> {
    const pacer = batchPacer(this.pace);
    const audit = this.auditFor(ctx, 'auth_token.restore', r);
    let total = 0;
    while (!signal?.aborted) {
      const started = process.cpuUsage();
      const n = await this.repo.restore(r.id, pacer.size, audit);
      const cost = cpuMsSince(started);
      pacer.took(cost, n);
      total += n;
      if (n === 0) break;
      await yieldToRequests(this.pace, cost);
    }
    return total;
  }

  /**
   * The `revocations.finalise` job's work: revocations whose window ended become final and their tokens are deleted,
   * a batch per transaction; an undo killed half-way is finished. Safe to stop and to run again at any point.
   */
  async finalise(now: Date, signal?: AbortSignal): Promise<{ finalised: number; deleted: number }> {
    const finalised = (await this.repo.claimFinalise(now.toISOString())).length;
    for (const id of await this.repo.unfinishedUndos()) {
      const r = await this.repo.get(id);
      if (r) await this.restoreAll(SYSTEM, r, signal);
    }
    const pacer = batchPacer(this.pace);
    let deleted = 0;
    while (!signal?.aborted) {
      const started = process.cpuUsage();
      const n = await this.repo.purge(pacer.size);
      const cost = cpuMsSince(started);
      pacer.took(cost, n);
      deleted += n;
      if (n === 0) break;
      await yieldToRequests(this.pace, cost);
    }
    if (finalised + deleted > 0) this.options.logger.info({ finalised, deleted }, 'auth token revocations finalised');
    return { finalised, deleted };
  }

  async get(id: string, now = Date.now()): Promise<z.output<typeof revocationSchema>> {
    const r = await this.repo.get(id);
    if (!r) throw new NotFound('No such revocation.');
    return present(r, now);
  }

  async list(
    limit: number,
    cursor: string | undefined,
    now = Date.now(),
  ): Promise<z.output<typeof revocationListSchema>> {
    const before = decodeCursor(cursor, 2);
    if (cursor !== undefined && !before) throw invalidField('cursor', 'is not a cursor this server gave');
    const rows = await this.repo.list(limit + 1, before && { createdAt: before[0]!, id: before[1]! });
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    return {
      items: shown.map((r) => present(r, now)),
      nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null,
    };
  }

  /** The two jobs: finalising closed windows (every 30 s by default), and inactivity revocation hourly when the policy sets a limit. */
  jobs(revokeUnusedAfterDays: () => number | null): Job[] {
    return [
      {
        name: 'revocations.finalise',
        intervalMs: this.options.finaliseIntervalMs ?? 30_000,
        run: async ({ now, signal }) => void (await this.finalise(now, signal)),
      },
      {
        name: 'auth_tokens.revoke_inactive',
        intervalMs: 3_600_000,
        run: async ({ now, signal }) => {
          const days = revokeUnusedAfterDays();
          if (days !== null) await this.revokeInactive(days, now, signal);
        },
      },
    ];
  }
}

function present(r: TokenRevocation, now: number): z.output<typeof revocationSchema> {
  const status = r.undoneAt ? 'undone' : r.finalisedAt || Date.parse(r.undoUntil) <= now ? 'final' : 'pending';
  return {
    id: r.id,
    kind: r.kind,
    reason: r.reason,
    filter: r.filter,
    count: r.count,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    undoUntil: r.undoUntil,
    status,
  };
}
