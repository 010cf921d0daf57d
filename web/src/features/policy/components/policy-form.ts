import { z } from 'zod';
import type { Policy, PolicyImpact, UpdatePolicyBody } from '../api/types';

/** The form's values as the inputs hold them: numbers as text, "no limit" and "never" as an empty field. */
export interface PolicyValues {
  maxTokensPerUser: string;
  defaultLifetimeDays: string;
  maxLifetimeDays: string;
  requireExpiry: boolean;
  revokeUnusedAfterDays: string;
  allowedScopes: string[];
  /** None ticked: the creating credential's own scopes. */
  defaultScopes: string[];
  oauth2ClientCredentials: boolean;
}

const whole = (max: number, unit: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number of ${unit}`)
    .transform(Number)
    .pipe(z.number().int().min(1, `must be at least 1`).max(max, `must be at most ${max}`));
const days = whole(36500, 'days');
/** Empty: none (no maximum, never revoke). */
const optionalDays = z.union([
  z
    .string()
    .trim()
    .length(0)
    .transform(() => null),
  days,
]);

/** The fields one by one, as the server checks their shapes (policy/schema.ts). */
const shape = z.object({
  maxTokensPerUser: whole(1000, 'tokens'),
  defaultLifetimeDays: days,
  maxLifetimeDays: optionalDays,
  requireExpiry: z.boolean(),
  revokeUnusedAfterDays: optionalDays,
  allowedScopes: z.array(z.string()).min(1, 'Allow at least one scope.'),
  defaultScopes: z.array(z.string()).transform((s) => (s.length === 0 ? null : s)),
  oauth2ClientCredentials: z.boolean(),
});

/** The whole form: each field, then the rules that tie them together, worded as the server words them. */
export const policyFormSchema = shape.superRefine((p, ctx) => {
  if (p.maxLifetimeDays !== null && p.defaultLifetimeDays > p.maxLifetimeDays)
    ctx.addIssue({ code: 'custom', path: ['defaultLifetimeDays'], message: 'must not exceed the maximum lifetime' });
  if (p.maxLifetimeDays !== null && !p.requireExpiry)
    ctx.addIssue({
      code: 'custom',
      path: ['requireExpiry'],
      message: 'A maximum lifetime means every token expires: require an expiry date, or clear the maximum.',
    });
  const outside = (p.defaultScopes ?? []).filter((s) => !p.allowedScopes.includes(s));
  if (outside.length > 0)
    ctx.addIssue({
      code: 'custom',
      path: ['defaultScopes'],
      message: `Default scopes must be allowed: ${outside.join(', ')} is not.`,
    });
});

/** The policy the form proposes, when every field is well-formed (for the live impact counts); else undefined. */
export function proposedPolicy(values: PolicyValues): Policy | undefined {
  const parsed = shape.safeParse(values);
  return parsed.success ? (parsed.data as Policy) : undefined;
}

export const policyToValues = (p: Policy): PolicyValues => ({
  maxTokensPerUser: String(p.maxTokensPerUser),
  defaultLifetimeDays: String(p.defaultLifetimeDays),
  maxLifetimeDays: p.maxLifetimeDays === null ? '' : String(p.maxLifetimeDays),
  requireExpiry: p.requireExpiry,
  revokeUnusedAfterDays: p.revokeUnusedAfterDays === null ? '' : String(p.revokeUnusedAfterDays),
  allowedScopes: [...p.allowedScopes],
  defaultScopes: p.defaultScopes === null ? [] : [...p.defaultScopes],
  oauth2ClientCredentials: p.oauth2ClientCredentials,
});

/** A value compared regardless of the order of a scope list. */
const comparable = (v: unknown) => JSON.stringify(Array.isArray(v) ? [...(v as string[])].sort() : v);

/** Only the fields that differ from the policy in force: the PATCH body (empty: nothing to save). */
export function policyChanges(current: Policy, next: Policy): UpdatePolicyBody {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof Policy)[])
    if (comparable(current[key]) !== comparable(next[key])) out[key] = next[key];
  return out as UpdatePolicyBody;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** What one changed setting says about the saved policy, for the confirmation. */
export function describeChange(key: keyof Policy, p: Policy): string {
  switch (key) {
    case 'maxTokensPerUser':
      return `at most ${plural(p.maxTokensPerUser, 'token')} per user`;
    case 'defaultLifetimeDays':
      return `default lifetime ${plural(p.defaultLifetimeDays, 'day')}`;
    case 'maxLifetimeDays':
      return p.maxLifetimeDays === null
        ? 'no maximum lifetime'
        : `maximum lifetime ${plural(p.maxLifetimeDays, 'day')}`;
    case 'requireExpiry':
      return p.requireExpiry ? 'expiry required' : 'tokens may have no expiry';
    case 'revokeUnusedAfterDays':
      return p.revokeUnusedAfterDays === null
        ? 'unused tokens are kept'
        : `tokens unused for ${plural(p.revokeUnusedAfterDays, 'day')} are revoked`;
    case 'allowedScopes':
      return `allowed scopes: ${p.allowedScopes.join(', ')}`;
    case 'defaultScopes':
      return p.defaultScopes === null
        ? 'default scopes: the creator’s own'
        : `default scopes: ${p.defaultScopes.join(', ')}`;
    case 'oauth2ClientCredentials':
      return p.oauth2ClientCredentials ? 'OAuth 2.0 clients on' : 'OAuth 2.0 clients off';
  }
}

/** Whether a proposed setting's rule is in effect at all (a cleared maximum affects nothing). */
const active = (key: keyof Policy, p: Policy): boolean =>
  key === 'maxLifetimeDays'
    ? p.maxLifetimeDays !== null
    : key === 'requireExpiry'
      ? p.requireExpiry || p.maxLifetimeDays !== null
      : key === 'revokeUnusedAfterDays'
        ? p.revokeUnusedAfterDays !== null
        : key === 'oauth2ClientCredentials'
          ? !p.oauth2ClientCredentials
          : true;

/** What a proposed setting would do to existing credentials, in words; undefined when its rule touches nothing. */
export function impactText(key: keyof Policy, i: PolicyImpact): string | undefined {
  if (!active(key, i.policy)) return undefined;
  const n = {
    maxTokensPerUser: i.usersOverTokenLimit,
    maxLifetimeDays: i.tokensBeyondMaxLifetime,
    requireExpiry: i.tokensNeverExpiring,
    revokeUnusedAfterDays: i.tokensUnused,
    allowedScopes: i.tokensOutsideAllowedScopes,
    oauth2ClientCredentials: i.oauth2Clients,
  }[key as string];
  if (n === undefined) return undefined;
  const they = n === 1 ? 'it keeps' : 'they keep';
  switch (key) {
    case 'maxTokensPerUser':
      return `${plural(n, 'user holds', 'users hold')} more tokens than this; they can generate none until they delete some.`;
    case 'maxLifetimeDays':
      return `${plural(n, 'existing token expires', 'existing tokens expire')} later than this; ${they} ${n === 1 ? 'its' : 'their'} expiry.`;
    case 'requireExpiry':
      return `${plural(n, 'existing token never expires', 'existing tokens never expire')}; ${they} working.`;
    case 'revokeUnusedAfterDays':
      return `${plural(n, 'token has', 'tokens have')} been unused that long; the inactivity job would revoke ${n === 1 ? 'it' : 'them'}.`;
    case 'allowedScopes':
      return `${plural(n, 'existing token holds', 'existing tokens hold')} a scope outside this list; ${they} ${n === 1 ? 'its' : 'their'} scopes.`;
    default:
      return `${plural(n, 'OAuth 2.0 client', 'OAuth 2.0 clients')} would be refused at the token endpoint.`;
  }
}
