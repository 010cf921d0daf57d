import { useEffect, useRef } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { focusRowActions, ROW_ACTIONS_ATTR } from '../../../components/ui/ActionsMenu';
import type { AuthToken } from '../api/types';

/**
 * A notification's link to a token (`?token=<id>`, HELPERS.md): its row is brought into view and highlighted, its
 * Actions button focused; with `&action=regenerate` its Regenerate confirmation opens instead — once per visit of
 * the link (each navigation is a new location, so following it again works again), and the action is dropped from
 * the address so a reload does not ask again. An expired token can't be regenerated: it
 * is only shown. Returns the linked token's id, for the highlight.
 */
export function useTokenFromLink(tokens: AuthToken[], regenerate: (t: AuthToken) => void): string | null {
  const [params, setParams] = useSearchParams();
  const id = params.get('token');
  const action = params.get('action');
  const { key, state } = useLocation();
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (!id || handled.current === key) return;
    // The address without the action, written below: that visit is already handled.
    if ((state as { tokenLinkHandled?: boolean } | null)?.tokenLinkHandled) return void (handled.current = key);
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
        { replace: true, state: { tokenLinkHandled: true } },
      );
    } else focusRowActions(id);
  }, [id, action, key, state, tokens, regenerate, setParams]);
  return id;
}
