import { describe, expect, it } from 'vitest';
import type { Policy, PolicyImpact } from '../api/types';
import {
  describeChange,
  impactText,
  policyChanges,
  policyFormSchema,
  policyToValues,
  proposedPolicy,
} from './policy-form';

const policy: Policy = {
  maxTokensPerUser: 10,
  defaultLifetimeDays: 90,
  maxLifetimeDays: null,
  requireExpiry: false,
  revokeUnusedAfterDays: null,
  defaultScopes: null,
  allowedScopes: ['profile:read', 'tokens:read', 'tokens:write', 'activity:read', 'admin:read', 'admin:write'],
  oauth2ClientCredentials: true,
};

describe('the policy form', () => {
  it('round-trips the policy through the inputs: empty fields are "no limit" and "never"', () => {
    const values = policyToValues(policy);
    expect(values).toMatchObject({ maxLifetimeDays: '', revokeUnusedAfterDays: '', defaultScopes: [] });
    expect(policyFormSchema.parse(values)).toEqual(policy);
  });

  it('names the rules that tie fields together, in the server’s words', () => {
    const bad = policyFormSchema.safeParse({
      ...policyToValues(policy),
      maxLifetimeDays: '30',
      allowedScopes: ['profile:read'],
      defaultScopes: ['tokens:read'],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path[0]).sort()).toEqual([
      'defaultLifetimeDays',
      'defaultScopes',
      'requireExpiry',
    ]);
    expect(proposedPolicy({ ...policyToValues(policy), maxTokensPerUser: 'ten' })).toBeUndefined();
  });

  it('sends only what changed, regardless of the order of a scope list', () => {
    const next = {
      ...policy,
      allowedScopes: [...policy.allowedScopes].reverse(),
      maxLifetimeDays: 30,
      requireExpiry: true,
    };
    expect(policyChanges(policy, next)).toEqual({ maxLifetimeDays: 30, requireExpiry: true });
    expect(describeChange('maxLifetimeDays', next)).toBe('maximum lifetime 30 days');
  });

  it('says what a rule does to existing tokens only while the rule is in effect', () => {
    const impact: PolicyImpact = {
      policy: { ...policy, requireExpiry: true },
      tokens: 5,
      tokensBeyondMaxLifetime: 0,
      tokensNeverExpiring: 1,
      tokensUnused: 0,
      tokensOutsideAllowedScopes: 0,
      usersOverTokenLimit: 0,
      oauth2Clients: 0,
    };
    expect(impactText('requireExpiry', impact)).toBe('1 existing token never expires; it keeps working.');
    expect(impactText('maxLifetimeDays', impact)).toBeUndefined();
    expect(impactText('oauth2ClientCredentials', impact)).toBeUndefined();
  });
});
