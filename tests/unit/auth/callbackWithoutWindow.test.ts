import { describe, expect, it } from 'vitest';
import { McpUseError, onMcpAuthorization } from '../../../src/auth';

describe('onMcpAuthorization without a window', () => {
  it('rejects with a typed error (server rendering, a worker), not a ReferenceError', async () => {
    expect(typeof window).toBe('undefined');
    const failure = await onMcpAuthorization().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(McpUseError);
    expect(failure).toMatchObject({ name: 'NoWindowError', code: 'auth_no_window' });
  });
});
