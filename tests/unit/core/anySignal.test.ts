import { afterEach, describe, expect, it, vi } from 'vitest';
import { anySignal } from '../../../src/core/anySignal';

describe('anySignal', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it.each([
    ['with AbortSignal.any', false],
    ['without it (older browsers)', true],
  ])('aborts with the first signal to abort, and its reason, %s', (_, withoutAny) => {
    if (withoutAny) vi.stubGlobal('AbortSignal', Object.assign(class {}, { any: undefined }));
    const first = new AbortController();
    const second = new AbortController();
    const either = anySignal(first.signal, second.signal);
    expect(either.aborted).toBe(false);
    second.abort('second');
    first.abort('first');
    expect(either.aborted).toBe(true);
    expect(either.reason).toBe('second');
  });

  it('is aborted at once when one signal already is', () => {
    const done = new AbortController();
    done.abort('early');
    const either = anySignal(new AbortController().signal, done.signal);
    expect(either.reason).toBe('early');
  });
});
