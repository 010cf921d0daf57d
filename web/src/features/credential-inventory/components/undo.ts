import { useEffect, useState } from 'react';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { useUndoRevocation } from '../api/revocations';

/** The time now, again every `ms` while mounted (for a countdown). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(t);
  }, [ms]);
  return now;
}

/** "4:05" left of an undo window; "0:00" once past. */
export function timeLeft(until: string, now: number): string {
  const s = Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Undo of a revocation, confirmed in a toast either way; `onUndone` is told which one was undone. */
export function useUndo(onUndone?: (id: string) => void) {
  const undo = useUndoRevocation();
  return {
    pendingId: undo.isPending ? undo.variables : undefined,
    undo: (id: string) =>
      undo.mutate(id, {
        onSuccess: (r) => {
          toast.success(
            `Undid the revocation: ${r.count.toLocaleString('en')} ${r.count === 1 ? 'token works' : 'tokens work'} again, with the same secrets.`,
          );
          onUndone?.(id);
        },
        onError: (err) => toast.error(`The revocation could not be undone: ${errorMessage(err)}`),
      }),
  };
}
