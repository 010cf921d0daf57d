import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../lib/api-client';
import type { components } from '../../lib/api-types';

/** Tessera's scope vocabulary as `GET /api/scopes` lists it: what auth tokens and OAuth clients can be given. */
export type ScopeList = components['schemas']['ScopeList'];
export type Scope = ScopeList['items'][number];
export type ScopeName = components['schemas']['ScopeName'];

/** What Generate Token preselects: read-only, as GitHub's fine-grained form starts (the server's DEFAULT_CONSOLE_SCOPES). */
export const DEFAULT_TOKEN_SCOPES: ScopeName[] = ['profile:read'];

export const scopeKeys = { all: ['scopes'] as const };

export const listScopes = (signal?: AbortSignal) => apiRequest<ScopeList>('/api/scopes', { signal });

/** The vocabulary changes only with a deploy: fetched once per page load. */
export const scopesQueryOptions = () =>
  queryOptions({ queryKey: scopeKeys.all, queryFn: ({ signal }) => listScopes(signal), staleTime: Infinity });

export const useScopes = () => useQuery(scopesQueryOptions());

/** The scopes an owner can be given: the administrators' ones only to an administrator; only those the policy allows. */
export const scopesFor = (all: readonly Scope[], ownerIsAdmin: boolean, allowed?: readonly string[]): Scope[] =>
  all.filter((s) => (ownerIsAdmin || !s.adminOnly) && (!allowed || allowed.includes(s.name)));
