import { describe, expect, it } from 'vitest';
import { INITIAL_SNAPSHOT, patchSnapshot } from '../../../src/core/snapshot';

describe('patchSnapshot', () => {
  it('returns the same object when nothing really changed, so subscribers do not render', () => {
    expect(patchSnapshot(INITIAL_SNAPSHOT, { state: 'connecting', error: undefined })).toBe(INITIAL_SNAPSHOT);
    expect(patchSnapshot(INITIAL_SNAPSHOT, {})).toBe(INITIAL_SNAPSHOT);
  });

  it('returns a new frozen snapshot with the patch applied otherwise', () => {
    const next = patchSnapshot(INITIAL_SNAPSHOT, { state: 'ready' });
    expect(next).not.toBe(INITIAL_SNAPSHOT);
    expect(next.state).toBe('ready');
    expect(Object.isFrozen(next)).toBe(true);
    expect(INITIAL_SNAPSHOT.state).toBe('connecting');
  });
});
