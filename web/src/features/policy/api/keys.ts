import type { PolicyImpactRequest } from './types';

/** Every policy query key is built here, so a save invalidates exactly what it changes. */
export const policyKeys = {
  all: ['policy'] as const,
  current: () => [...policyKeys.all, 'current'] as const,
  impact: (proposed: PolicyImpactRequest) => [...policyKeys.all, 'impact', proposed] as const,
};
