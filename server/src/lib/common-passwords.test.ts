import { describe, expect, it } from 'vitest';
import { dictionary } from '@zxcvbn-ts/language-common';
import { MIN_PASSWORD_LENGTH } from '../contract/rules.js';
import { isCommonPassword } from './common-passwords.js';
import { LONG_COMMON_PASSWORDS } from './common-passwords-list.js';

describe('isCommonPassword', () => {
  it('knows every entry of the list that the length rule lets through, whatever the case', () => {
    const long = dictionary['passwords-common'].filter((p) => p.length >= MIN_PASSWORD_LENGTH);
    expect(long.length).toBeGreaterThan(100);
    for (const p of long) expect(isCommonPassword(p.toUpperCase())).toBe(true);
  });

  it('holds exactly the package’s entries of the rule’s minimum length or more (the copy has not drifted)', () => {
    const long = dictionary['passwords-common'].filter((p) => p.length >= MIN_PASSWORD_LENGTH);
    expect([...LONG_COMMON_PASSWORDS].sort()).toEqual([...long].sort());
  });

  it('lets through a password that is not on the list', () => {
    expect(isCommonPassword('correct-horse-battery-staple-7f3a')).toBe(false);
  });
});
