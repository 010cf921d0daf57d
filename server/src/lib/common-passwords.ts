import { dictionary } from '@zxcvbn-ts/language-common';
import { MIN_PASSWORD_LENGTH } from '../contract/rules.js';

// zxcvbn's list of the most used passwords (lowercase), kept to the entries the length rule lets through.
const COMMON = new Set(dictionary['passwords-common'].filter((p) => p.length >= MIN_PASSWORD_LENGTH));

/** Case-insensitive: "Password1234" is as guessable as "password1234". */
export const isCommonPassword = (password: string): boolean => COMMON.has(password.toLowerCase());
