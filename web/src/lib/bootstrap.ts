import type { SignInOptions } from './feature-flags';

/**
 * What the server inlines into index.html for this one request (server/src/http/console.ts): the session, or null
 * when nobody is signed in, and the deployment's features. The app reads it once at start instead of asking the API
 * for the same answers; without it (the Vite dev server, an old page) the app asks as before.
 */
export interface Bootstrap<Session = unknown> {
  session: Session | null;
  features: string[];
  /** The ways of signing in (GET /api/features' `signIn`); absent from a page served by an older server. */
  signIn?: SignInOptions;
}

/** The id of the `<script type="application/json">` element the server fills. */
export const BOOTSTRAP_ELEMENT_ID = 'tessera-bootstrap';

export function readBootstrap<Session>(
  doc: Pick<Document, 'getElementById'> = document,
): Bootstrap<Session> | undefined {
  const text = doc.getElementById(BOOTSTRAP_ELEMENT_ID)?.textContent;
  if (!text) return undefined;
  try {
    const data = JSON.parse(text) as Partial<Bootstrap<Session>> | null;
    if (!data || !Array.isArray(data.features) || data.session === undefined) return undefined;
    const signIn = data.signIn && typeof data.signIn.password === 'boolean' ? { signIn: data.signIn } : {};
    return { session: data.session, features: data.features.filter((f) => typeof f === 'string'), ...signIn };
  } catch {
    return undefined; // a broken page: the app asks the API instead
  }
}
