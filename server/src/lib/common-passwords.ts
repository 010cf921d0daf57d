import { MIN_PASSWORD_LENGTH } from '../contract/rules.js';
import { LONG_COMMON_PASSWORDS } from './common-passwords-list.js';

// zxcvbn's list of the most used passwords (lowercase), kept to the entries the length rule lets through.
const COMMON = new Set(LONG_COMMON_PASSWORDS.filter((p) => p.length >= MIN_PASSWORD_LENGTH));

/** Case-insensitive: "Password1234" is as guessable as "password1234". */
export const isCommonPassword = (password: string): boolean => COMMON.has(password.toLowerCase());
