import { describe, expect, it } from 'vitest';
import { changesCredentials } from './postgres-tracked-pool.js';

// Read-your-writes on PostgreSQL (ADR 0014) rests on recognising the statements that can change a verification's
// answer, as Kysely compiles them and as the hand-written SQL spells them; the last-used flush must not count.
describe('which statements change credentials', () => {
  it.each([
    ['update "auth_tokens" set "revoked_at" = $1 where "id" in ($2)', true],
    ['update "auth_tokens" set "digest" = $1, "hint" = $2 where "id" = $3', true],
    ['update "users" set "disabled" = $1, "updated_at" = $2 where "id" = $3', true],
    ['update "users" set "api_tokens_enabled" = $1 where "id" = $2', true],
    ['update "auth_token_grace" set "valid_until" = $1 where "credential_id" = $2', true],
    ['insert into "auth_tokens" ("id", "digest") values ($1, $2)', true],
    ['insert into "auth_token_projects" ("token_id", "project_id") values ($1, $2)', true],
    ['delete from "auth_tokens" where "id" = $1', true],
    ['delete from "projects" where "id" = $1', true],
    ['with gone as (delete from auth_tokens where revoked_at < $1 returning id) select count(*) from gone', true],
  ])('counts %s', (statement, expected) => expect(changesCredentials(statement)).toBe(expected));

  it.each([
    ['select t.id from auth_tokens t where t.digest = $1'],
    ['update "users" set "last_sign_in_at" = $1 where "id" = $2'],
    ['update "auth_tokens" set "description" = $1 where "id" = $2'],
    [
      'insert into auth_token_usage (token_id, last_used_at) values ($1, $2) on conflict (token_id) do update set last_used_at = excluded.last_used_at',
    ],
    [
      'update auth_token_grace g set last_used_at = u.at, use_count = g.use_count + u.n from (values ($1, $2)) u (id, at, n)',
    ],
    ['insert into "audit_events" ("id") values ($1)'],
  ])('ignores %s', (statement) => expect(changesCredentials(statement)).toBe(false));
});
