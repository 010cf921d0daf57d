import type { RefObject } from 'react';
import { useSearchParams } from 'react-router';
import { LINK_HANDLED, useLinkedRow } from '../../../components/credentials/linked-row';
import type { AuthToken } from '../api/types';

/**
 * A notification's link to a token (`?token=<id>`, HELPERS.md): its row is brought into view and highlighted, its
 * Actions button focused; with `&action=regenerate` its Regenerate confirmation opens instead, and the action is
 * dropped from the address so a reload does not ask again. An expired token can't be regenerated: it is only shown.
 * A token deleted since: focus on the page's heading. Returns the linked token's id, for the highlight.
 */
export function useTokenFromLink(
  tokens: AuthToken[],
  settled: boolean,
  heading: RefObject<HTMLElement | null>,
  regenerate: (t: AuthToken) => void,
): string | null {
  const [params, setParams] = useSearchParams();
  const action = params.get('action');
  return useLinkedRow('token', tokens, settled, heading, (token) => {
    if (action !== 'regenerate' || token.status === 'expired') return false;
    regenerate(token);
    setParams(
      (p) => {
        p.delete('action');
        return p;
      },
      { replace: true, state: LINK_HANDLED },
    );
    return true;
  });
}
