import { useSyncExternalStore } from 'react';

// Set when the API answers 401 while the console holds a session: the page says so instead of raw errors.
let ended = false;
const listeners = new Set<() => void>();

export const sessionEnded = {
  mark: () => {
    if (ended) return;
    ended = true;
    listeners.forEach((l) => l());
  },
  get: () => ended,
};

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Whether the session ended while this page was open (a full page load starts over). */
export const useSessionEnded = () => useSyncExternalStore(subscribe, sessionEnded.get, sessionEnded.get);
