import { useState, type RefObject } from 'react';

/** A new credential, its secret shown once; `forUser` when an administrator made it for someone else to receive. */
export interface Revealed<T> {
  credential: T;
  forUser?: string;
  /** The owner's username: HTTP Basic and .netrc lines need it. */
  username?: string;
}

/** Which secret a delivery confirmation is about, without the secret: all the request carries (issue 20, point 6). */
export interface DeliveredSecret {
  userId: string;
  id: string;
  hint: string;
}

/** What a credential panel hands its reveal dialog, whatever the kind of credential. */
export interface RevealDialogProps<T> {
  revealed: Revealed<T> | null;
  onClose: () => void;
  /** The dialog that opened this one is gone by now, so focus needs somewhere sensible to land. */
  returnFocusTo?: RefObject<HTMLElement | null>;
  /** Or decide on closing where focus goes (e.g. the regenerated row's Actions button); wins over returnFocusTo. */
  onCloseAutoFocus?: (event: Event) => void;
}

export interface RevealOwner {
  /** Set when an administrator makes it for someone else: whom to deliver it to. */
  forUser?: string;
  username: string;
}

/**
 * The secret's only home: this state, cleared when the reveal dialog closes (then `onClosed`, e.g. a list refetch).
 * Kept apart from the dialog so a panel that loads its dialogs lazily does not load them to hold it.
 */
export function useRevealed<T>(owner: RevealOwner, onClosed: () => void) {
  const [revealed, setRevealed] = useState<Revealed<T> | null>(null);
  return {
    revealed,
    reveal: (credential: T) =>
      setRevealed({ credential, username: owner.username, ...(owner.forUser ? { forUser: owner.forUser } : {}) }),
    close: () => {
      setRevealed(null);
      onClosed();
    },
  };
}
