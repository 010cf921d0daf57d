import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { focusRowActions, ROW_ACTIONS_ATTR } from '../../../components/ui/ActionsMenu';
import type { AuthToken } from '../api/types';

/**
 * A notification's link to a token (`?token=<id>`, HELPERS.md): its row is brought into view and highlighted, its
 * Actions button focused; with `&action=regenerate` its Regenerate confirmation opens instead — once per link, and
 * the action is dropped from the address so a reload does not ask again. An expired token can't be regenerated: it
 * is only shown. Returns the linked token's id, for the highlight.
 */
export function useTokenFromLink(tokens: AuthToken[], regenerate: (t: AuthToken) => void): string | null {
  const [params, setParams] = useSearchParams();
  const id = params.get('token');
  const action = params.get('action');
  const handled = useRef<string | null>(null);
  useEffect(() => {
    const key = `${id} ${action}`;
    if (!id || handled.current === key) return;
    const token = tokens.find((t) => t.id === id);
    if (!token) return;
    handled.current = key;
    document.querySelector(`[${ROW_ACTIONS_ATTR}="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'center' });
    if (action === 'regenerate' && token.status !== 'expired') {
      regenerate(token);
      setParams(
        (p) => {
          p.delete('action');
          return p;
        },
        { replace: true },
      );
    } else focusRowActions(id);
  }, [id, action, tokens, regenerate, setParams]);
  return id;
}
