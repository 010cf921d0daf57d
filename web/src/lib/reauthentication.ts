/**
 * Step-up in the console: a sensitive change answered 401 `reauthentication_required` asks the user to confirm it's
 * them (the lazily loaded "Confirm it's you" dialog, shown by components/session/ask-confirm-its-you.tsx, registered by the signed-in frame) and then
 * the API client retries the change once. Without a handler (the sign-in page) nothing is asked.
 */
export type ReauthenticationHandler = () => Promise<boolean>;

export const REAUTHENTICATION_REQUIRED = 'reauthentication_required';
/** The code of the error a change fails with when the user cancels "Confirm it's you". */
export const REAUTHENTICATION_CANCELLED = 'reauthentication_cancelled';
export const REAUTHENTICATION_CANCELLED_MESSAGE = 'Nothing was changed: you didn’t confirm it’s you.';
export const REAUTHENTICATE_PATH = '/api/session/reauthenticate';

let handler: ReauthenticationHandler | undefined;
let pending: Promise<boolean> | undefined;

/** Registers what asks the user (the dialog's host); `undefined` unregisters. */
export function setReauthenticationHandler(fn: ReauthenticationHandler | undefined): void {
  handler = fn;
}

/** Whether the user confirmed; changes refused at the same moment share one dialog. */
export function requestReauthentication(): Promise<boolean> {
  if (!handler) return Promise.resolve(false);
  pending ??= handler().finally(() => {
    pending = undefined;
  });
  return pending;
}

/** Whether an error is about step-up (asked, or cancelled), never a sign that the session ended. */
export const isReauthenticationCode = (code: string): boolean =>
  code === REAUTHENTICATION_REQUIRED || code === REAUTHENTICATION_CANCELLED;
