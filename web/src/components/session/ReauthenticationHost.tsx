import { useEffect, useState } from 'react';
import { ChunkSuspense } from '../ui/ChunkBoundary';
import { lazyWithRetry } from '../../lib/lazy';
import { setReauthenticationHandler } from '../../lib/reauthentication';

// Only the step-up needs the dialog (and its form code): it arrives when first asked, not with the page.
const ConfirmItsYouDialog = lazyWithRetry(() => import('./ConfirmItsYouDialog'));

/**
 * Registers the console's answer to 401 reauthentication_required (lib/reauthentication.ts): the "Confirm it's you"
 * dialog, resolved true once the server accepts the proof. Mounted once, in the signed-in frame.
 */
export function ReauthenticationHost() {
  const [asking, setAsking] = useState<((confirmed: boolean) => void) | null>(null);
  useEffect(() => {
    setReauthenticationHandler(() => new Promise<boolean>((resolve) => setAsking(() => resolve)));
    return () => setReauthenticationHandler(undefined);
  }, []);
  if (!asking) return null;
  return (
    <ChunkSuspense>
      <ConfirmItsYouDialog
        open
        onResult={(confirmed) => {
          setAsking(null);
          asking(confirmed);
        }}
      />
    </ChunkSuspense>
  );
}
