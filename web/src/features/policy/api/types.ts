import type { components } from '../../../lib/api-types';

/** The organisation's lifecycle policy for credentials (GET /api/policy). */
export type Policy = components['schemas']['Policy'];
export type UpdatePolicyBody = components['schemas']['UpdatePolicy'];
/** How many existing credentials a proposed policy would affect (POST /api/policy/impact). */
export type PolicyImpact = components['schemas']['PolicyImpact'];
export type PolicyImpactRequest = components['schemas']['PolicyImpactRequest'];
