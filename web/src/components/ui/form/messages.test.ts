import { describe, expect, it } from 'vitest';
import { fieldMessage } from './messages';

describe('fieldMessage', () => {
  it("puts the field's label in front of a rule's message", () => {
    expect(fieldMessage('Username', 'must not be empty')).toBe('Username must not be empty.');
    expect(fieldMessage('Audience 2', 'is required')).toBe('Audience 2 is required.');
  });

  it('leaves a message that is a sentence of its own, and nothing when there is no message', () => {
    expect(fieldMessage('Custom expiry date', 'Choose a date in the future.')).toBe('Choose a date in the future.');
    expect(fieldMessage('Name', undefined)).toBeUndefined();
    expect(fieldMessage('Name', '')).toBeUndefined();
  });
});
