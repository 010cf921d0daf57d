import { useSyncExternalStore } from 'react';

export type ToastTone = 'success' | 'error';

export interface ToastItem {
  id: number;
  message: string;
  tone: ToastTone;
}

/** How long a confirmation stays; paused while the pointer or focus is on it (WCAG 2.2.1). */
export const TOAST_MS: Record<ToastTone, number> = { success: 6_000, error: 10_000 };
const MAX_SHOWN = 3;

// A tiny store outside React, so a mutation's onSuccess can confirm itself without a provider or a hook.
let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();
const emit = () => listeners.forEach((l) => l());

function schedule(id: number, tone: ToastTone) {
  clearTimeout(timers.get(id));
  timers.set(
    id,
    setTimeout(() => dismiss(id), TOAST_MS[tone]),
  );
}

function dismiss(id: number) {
  clearTimeout(timers.get(id));
  timers.delete(id);
  items = items.filter((t) => t.id !== id);
  emit();
}

function show(message: string, tone: ToastTone): number {
  const id = nextId++;
  const kept = items.slice(-(MAX_SHOWN - 1));
  for (const dropped of items.slice(0, items.length - kept.length)) clearTimeout(timers.get(dropped.id));
  items = [...kept, { id, message, tone }];
  schedule(id, tone);
  emit();
  return id;
}

/** Confirms what a mutation did (or says why it failed) in a live region, whatever page or dialog asked. */
export const toast = {
  success: (message: string) => show(message, 'success'),
  error: (message: string) => show(message, 'error'),
  dismiss,
  /** Holds a toast on screen while the user reads it; `resume` restarts its time. */
  pause: (id: number) => clearTimeout(timers.get(id)),
  resume: (id: number) => {
    const t = items.find((i) => i.id === id);
    if (t) schedule(id, t.tone);
  },
  /** What is shown now (for tests). */
  current: (): readonly ToastItem[] => items,
};

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const snapshot = () => items;

/**
 * The toasts, bottom right (bottom centre on a phone). Both live regions are always in the page, so a screen reader
 * hears a message added to them; errors are assertive, confirmations polite.
 */
export function Toaster() {
  const shown = useSyncExternalStore(subscribe, snapshot, snapshot);
  return (
    <div className="toaster">
      <div role="status" aria-live="polite" className="toast-region">
        {shown.filter((t) => t.tone === 'success').map(render)}
      </div>
      <div role="alert" aria-live="assertive" className="toast-region">
        {shown.filter((t) => t.tone === 'error').map(render)}
      </div>
    </div>
  );
}

function render(t: ToastItem) {
  return (
    <div
      key={t.id}
      className={`toast toast-${t.tone}`}
      onPointerEnter={() => toast.pause(t.id)}
      onPointerLeave={() => toast.resume(t.id)}
      onFocus={() => toast.pause(t.id)}
      onBlur={() => toast.resume(t.id)}
    >
      <p className="toast-message">{t.message}</p>
      <button type="button" className="toast-close" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>
        ×
      </button>
    </div>
  );
}
