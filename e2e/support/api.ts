import { randomBytes } from 'node:crypto';
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';

export interface Credentials {
  username: string;
  password: string;
}

export interface TestUser extends Credentials {
  id: string;
  displayName: string;
  role: 'user' | 'admin';
}

export interface NewAuthToken {
  id: string;
  token: string;
  description: string;
  hint: string;
}

export interface AuthTokenSummary {
  id: string;
  description: string;
  hint: string;
  expiresAt: string | null;
  status: 'active' | 'expired' | 'suspended' | 'revoked';
  scopes: string[];
  fullAccess: boolean;
}

/** Unique per call and valid for the server's username rules (lowercase, starts with a letter or digit). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Long and random, so it passes the length and common-password rules. */
export function strongPassword(): string {
  return `e2e-${randomBytes(15).toString('base64url')}`;
}

/** The administrator this run may use: the suite's own server, or the deployment named by E2E_BASE_URL. */
export function adminCredentials(): Credentials {
  const username = process.env.E2E_ADMIN_USERNAME ?? 'admin';
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!password) throw new Error('Set E2E_ADMIN_PASSWORD (and E2E_ADMIN_USERNAME) to run against E2E_BASE_URL.');
  return { username, password };
}

/** Cookie-authenticated state changes must look same-origin to pass the server's cross-site check. */
export function sameOrigin(baseURL: string): Record<string, string> {
  return { Origin: new URL(baseURL).origin };
}

async function ok(response: APIResponse, what: string): Promise<APIResponse> {
  // Only the status and problem code are shown: bodies may carry secrets.
  if (!response.ok()) {
    let code = '';
    try {
      code = ((await response.json()) as { code?: string }).code ?? '';
    } catch {
      // not JSON
    }
    throw new Error(`${what} failed: HTTP ${response.status()} ${code}`);
  }
  return response;
}

export async function signInWithApi(request: APIRequestContext, baseURL: string, who: Credentials): Promise<void> {
  await ok(
    await request.post('/api/session', {
      data: { username: who.username, password: who.password },
      headers: sameOrigin(baseURL),
    }),
    `Signing in as ${who.username}`,
  );
}

/** The API as an administrator signed in with a session cookie, for arranging test data. */
export class AdminApi {
  constructor(
    private readonly request: APIRequestContext,
    private readonly baseURL: string,
  ) {}

  async createUser(options: { role?: 'user' | 'admin'; prefix?: string } = {}): Promise<TestUser> {
    const username = uniqueName(options.prefix ?? 'e2e');
    const password = strongPassword();
    const displayName = `E2E ${username}`;
    const role = options.role ?? 'user';
    const response = await ok(
      await this.request.post('/api/users', {
        data: { username, password, displayName, role },
        headers: sameOrigin(this.baseURL),
      }),
      'Creating a user',
    );
    const { id } = (await response.json()) as { id: string };
    expect(id).toBeTruthy();
    return { id, username, password, displayName, role };
  }

  /**
   * `count` people named `<prefix>-001`, `<prefix>-002` … (so in that username order), display names `E2E <username>`;
   * a few at a time, as each costs the server a password hash.
   */
  async createPeople(prefix: string, count: number): Promise<Omit<TestUser, 'password' | 'role'>[]> {
    const people = Array.from({ length: count }, (_, i) => {
      const username = `${prefix}-${String(i + 1).padStart(3, '0')}`;
      return { id: '', username, displayName: `E2E ${username}` };
    });
    for (let i = 0; i < people.length; i += 4) {
      await Promise.all(
        people.slice(i, i + 4).map(async (p) => {
          const response = await ok(
            await this.request.post('/api/users', {
              data: { username: p.username, displayName: p.displayName, password: strongPassword() },
              headers: sameOrigin(this.baseURL),
            }),
            'Creating a user',
          );
          p.id = ((await response.json()) as { id: string }).id;
        }),
      );
    }
    return people;
  }

  /** A service account (issue 21, point 5) owned by `ownerId`, or by the administrators. */
  async createServiceAccount(username: string, ownerId: string | null = null): Promise<{ id: string }> {
    const response = await ok(
      await this.request.post('/api/service-accounts', {
        data: { username, ownerId },
        headers: sameOrigin(this.baseURL),
      }),
      'Creating a service account',
    );
    return (await response.json()) as { id: string };
  }

  /** Without `scopes`, the token gets the administrator session's own: full access (every scope of its owner). */
  async createAuthToken(
    userId: string,
    description: string,
    extra: { scopes?: string[]; allowedNetworks?: string[] } = {},
  ): Promise<NewAuthToken> {
    const response = await ok(
      await this.request.post(`/api/users/${userId}/auth-tokens`, {
        data: { description, ...extra },
        headers: sameOrigin(this.baseURL),
      }),
      'Creating an auth token',
    );
    return (await response.json()) as NewAuthToken;
  }

  async createAuthTokenExpiringAt(
    userId: string,
    description: string,
    expiresAt: string | null,
  ): Promise<NewAuthToken> {
    const response = await ok(
      await this.request.post(`/api/users/${userId}/auth-tokens`, {
        data: { description, expiresAt },
        headers: sameOrigin(this.baseURL),
      }),
      'Creating an auth token',
    );
    return (await response.json()) as NewAuthToken;
  }

  async tokenPolicy(userId: string): Promise<{ maxTokensPerUser: number; defaultLifetimeDays: number; used: number }> {
    const response = await ok(await this.request.get(`/api/users/${userId}/auth-tokens`), 'Reading the token policy');
    return (
      (await response.json()) as { policy: { maxTokensPerUser: number; defaultLifetimeDays: number; used: number } }
    ).policy;
  }

  /** The organisation's lifecycle policy (GET /api/policy). */
  async policy(): Promise<Record<string, unknown>> {
    const response = await ok(await this.request.get('/api/policy'), 'Reading the policy');
    return (await response.json()) as Record<string, unknown>;
  }

  /** Saves a (partial) policy; a test that changes it puts the one it found back when it ends. */
  async updatePolicy(patch: Record<string, unknown>): Promise<void> {
    await ok(
      await this.request.patch('/api/policy', { data: patch, headers: sameOrigin(this.baseURL) }),
      'Updating the policy',
    );
  }

  async listAuthTokens(userId: string): Promise<AuthTokenSummary[]> {
    const response = await ok(await this.request.get(`/api/users/${userId}/auth-tokens`), 'Listing auth tokens');
    return ((await response.json()) as { items: AuthTokenSummary[] }).items;
  }

  async updateUser(
    userId: string,
    patch: { role?: 'user' | 'admin'; apiTokensEnabled?: boolean; disabled?: boolean; password?: string },
  ): Promise<void> {
    await ok(
      await this.request.patch(`/api/users/${userId}`, { data: patch, headers: sameOrigin(this.baseURL) }),
      'Updating a user',
    );
  }

  async suspendAuthToken(userId: string, tokenId: string): Promise<void> {
    await ok(
      await this.request.post(`/api/users/${userId}/auth-tokens/${tokenId}/suspend`, {
        headers: sameOrigin(this.baseURL),
      }),
      'Suspending an auth token',
    );
  }

  async deleteAuthToken(userId: string, tokenId: string): Promise<void> {
    await ok(
      await this.request.delete(`/api/users/${userId}/auth-tokens/${tokenId}`, { headers: sameOrigin(this.baseURL) }),
      'Deleting an auth token',
    );
  }

  /** An OAuth 2.0 client credential; only its id is returned, the secret is dropped at once. */
  async createOAuth2Client(userId: string, name: string): Promise<{ id: string }> {
    const response = await ok(
      await this.request.post(`/api/users/${userId}/oauth2-client-credentials`, {
        data: { name, scopes: [{ audience: 'urn:tessera:e2e', scope: 'tokens:read' }] },
        headers: sameOrigin(this.baseURL),
      }),
      'Creating an OAuth 2.0 client credential',
    );
    return { id: ((await response.json()) as { id: string }).id };
  }

  async resetOAuth2ClientSecret(userId: string, clientId: string): Promise<void> {
    await ok(
      await this.request.post(`/api/users/${userId}/oauth2-client-credentials/${clientId}/reset-secret`, {
        headers: sameOrigin(this.baseURL),
      }),
      'Resetting an OAuth 2.0 client secret',
    );
  }

  /** The webhook whose description this is (GET /api/webhooks), deleted behind the console's back. */
  async deleteWebhookDescribed(description: string): Promise<void> {
    const list = (await (await ok(await this.request.get('/api/webhooks'), 'Listing webhooks')).json()) as {
      items: { id: string; description: string }[];
    };
    const hook = list.items.find((w) => w.description === description);
    if (!hook) throw new Error(`No webhook described “${description}”`);
    await ok(
      await this.request.delete(`/api/webhooks/${hook.id}`, { headers: sameOrigin(this.baseURL) }),
      'Deleting a webhook',
    );
  }

  /** Issue 19's revocations, most recent first (GET /api/auth-tokens/revocations). */
  async revocations(): Promise<{ id: string; reason: string; count: number; status: string; undoUntil: string }[]> {
    const response = await ok(await this.request.get('/api/auth-tokens/revocations'), 'Listing revocations');
    return (
      (await response.json()) as {
        items: { id: string; reason: string; count: number; status: string; undoUntil: string }[];
      }
    ).items;
  }

  /** Undo through the API; the status and problem code, for the "after the window" check. */
  async undoRevocation(id: string): Promise<{ status: number; code?: string }> {
    const response = await this.request.post(`/api/auth-tokens/revocations/${id}/undo`, {
      headers: sameOrigin(this.baseURL),
    });
    const body = (await response.json().catch(() => ({}))) as { code?: string };
    return { status: response.status(), code: body.code };
  }
}
