import { describe, expect, it, vi } from 'vitest';
import { confirmationFor } from './confirmation';

const idle = () => ({ isPending: false, isError: false, error: null as unknown, reset: vi.fn() });

describe('confirmationFor', () => {
  it('is open exactly while an item is chosen', () => {
    expect(confirmationFor(null, vi.fn(), idle()).open).toBe(false);
    expect(confirmationFor({ id: 'a' }, vi.fn(), idle()).open).toBe(true);
  });

  it('forgets the item and the last error when closed, and does nothing when opened', () => {
    const setTarget = vi.fn();
    const mutation = idle();
    const c = confirmationFor({ id: 'a' }, setTarget, mutation);
    c.onOpenChange(true);
    expect(setTarget).not.toHaveBeenCalled();
    expect(mutation.reset).not.toHaveBeenCalled();
    c.onOpenChange(false);
    expect(setTarget).toHaveBeenCalledWith(null);
    expect(mutation.reset).toHaveBeenCalledOnce();
  });

  it('shows the mutation as busy while pending and its error message when it failed', () => {
    expect(confirmationFor({}, vi.fn(), { ...idle(), isPending: true }).busy).toBe(true);
    expect(confirmationFor({}, vi.fn(), idle()).error).toBeUndefined();
    const failed = { ...idle(), isError: true, error: new Error('The token was already deleted.') };
    expect(confirmationFor({}, vi.fn(), failed).error).toBe('The token was already deleted.');
  });
});
