/**
 * The reveal dialog's "paste it back" check (issue 20, point 6): the pasted text against the secret on screen, in the
 * browser only. Spaces and line breaks around it are ignored (a password manager or a terminal may add them); inside,
 * every character counts. The outcome says how it differs when that helps find the mistake (cut short, something
 * extra), never which characters.
 */
export type PasteCheck = 'empty' | 'match' | 'shorter' | 'longer' | 'different';

export function checkPasted(pasted: string, secret: string): PasteCheck {
  const value = pasted.trim();
  if (value === '') return 'empty';
  if (value === secret) return 'match';
  if (value.length < secret.length) return 'shorter';
  if (value.length > secret.length) return 'longer';
  return 'different';
}

/** What the dialog announces for a check, in running text ("token", "client secret"). */
export function pasteCheckMessage(check: PasteCheck, noun: string): string {
  switch (check) {
    case 'empty':
      return '';
    case 'match':
      return `It matches: the ${noun} you stored is complete and correct.`;
    case 'shorter':
      return `It does not match: what you pasted is shorter than the ${noun}. Part of it may be missing; copy it again.`;
    case 'longer':
      return `It does not match: what you pasted is longer than the ${noun}. Something extra was stored with it.`;
    case 'different':
      return `It does not match the ${noun}. Copy it again and store the new copy.`;
  }
}
