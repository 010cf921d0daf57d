import { describe, expect, it } from 'vitest';
import { checkPasted, pasteCheckMessage } from './paste-check';

const secret = 'tsr_4fJq9ZkP2mX7vB1nR8sT3wY6cD0eH5gL1a2B3c';

describe('the paste-back check at reveal', () => {
  it('matches the secret exactly, ignoring spaces and line breaks around it', () => {
    expect(checkPasted(secret, secret)).toBe('match');
    expect(checkPasted(`  ${secret}\n`, secret)).toBe('match');
    expect(checkPasted(`\t${secret}\r\n`, secret)).toBe('match');
  });

  it('says nothing for an empty field', () => {
    expect(checkPasted('', secret)).toBe('empty');
    expect(checkPasted(' \n ', secret)).toBe('empty');
  });

  it('tells a value cut short or with something extra from one that differs', () => {
    expect(checkPasted(secret.slice(0, -1), secret)).toBe('shorter');
    expect(checkPasted(secret.slice(1), secret)).toBe('shorter');
    expect(checkPasted(`${secret}x`, secret)).toBe('longer');
    expect(checkPasted(`export TOKEN=${secret}`, secret)).toBe('longer');
    expect(checkPasted(secret.toLowerCase(), secret)).toBe('different');
    expect(checkPasted(`${secret.slice(0, 10)} ${secret.slice(11)}`, secret)).toBe('different');
  });

  it('announces a match and each mismatch plainly, without repeating the secret', () => {
    expect(pasteCheckMessage('empty', 'token')).toBe('');
    expect(pasteCheckMessage('match', 'token')).toMatch(/^It matches/);
    for (const check of ['shorter', 'longer', 'different'] as const) {
      const message = pasteCheckMessage(check, 'client secret');
      expect(message).toMatch(/^It does not match/);
      expect(message).toContain('client secret');
    }
  });
});
