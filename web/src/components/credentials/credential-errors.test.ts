import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api-client';
import { withCredentialFieldErrors } from './credential-errors';

const fields = (e: unknown) => (e as ApiError).fieldErrors;

describe("the server's scope and network complaints", () => {
  it('put a bad entry on the networks field in its own words', () => {
    const error = new ApiError(400, 'Invalid', 'validation_failed', [
      { path: 'allowedNetworks.1', message: 'is not an IPv4 or IPv6 address or CIDR range' },
      { path: 'description', message: 'must not be empty' },
    ]);
    expect(fields(withCredentialFieldErrors(error, ['10.0.0.0/8', '10.0.0.0/99']))).toEqual([
      { path: 'allowedNetworks', message: '“10.0.0.0/99” is not an IPv4 or IPv6 address or CIDR range.' },
      { path: 'description', message: 'must not be empty' },
    ]);
  });

  it('put a refused scope or network on its field, and leave other errors alone', () => {
    const scope = new ApiError(403, 'An administrator scope can’t be given to this user.', 'scope_not_allowed');
    expect(fields(withCredentialFieldErrors(scope))).toEqual([{ path: 'scopes', message: scope.message }]);
    const network = new ApiError(403, 'Wider than yours.', 'network_exceeds_credential');
    expect(fields(withCredentialFieldErrors(network))).toEqual([
      { path: 'allowedNetworks', message: 'Wider than yours.' },
    ]);
    const project = new ApiError(403, 'Beyond yours.', 'projects_exceed_credential');
    expect(fields(withCredentialFieldErrors(project))).toEqual([{ path: 'projects', message: 'Beyond yours.' }]);
    const foreign = new ApiError(400, 'Invalid', 'validation_failed', [
      { path: 'projects', message: 'names a project' },
    ]);
    expect(fields(withCredentialFieldErrors(foreign))).toEqual([{ path: 'projects', message: 'names a project' }]);
    const other = new ApiError(409, 'Limit reached.', 'limit_reached');
    expect(fields(withCredentialFieldErrors(other))).toEqual([]);
    expect(withCredentialFieldErrors(null)).toBeNull();
  });
});
