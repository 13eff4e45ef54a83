import { ProtocolError, SdkError, SdkErrorCode, SdkHttpError } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { McpUseError } from '../../../src/core/errors';
import { isRetryable, toMcpUseError } from '../../../src/core/toMcpUseError';

const context = { serverName: 'docs', serverUrl: 'http://127.0.0.1:1/mcp' };

describe('toMcpUseError', () => {
  it('turns an HTTP 401 from the SDK into a typed unauthorized error naming the server', () => {
    const error = toMcpUseError(
      new SdkHttpError(SdkErrorCode.ClientHttpAuthentication, 'nope', { status: 401 }),
      context,
    );
    expect(error).toBeInstanceOf(McpUseError);
    expect(error).toMatchObject({
      code: 'unauthorized',
      status: 401,
      serverName: 'docs',
      serverUrl: context.serverUrl,
    });
    expect(error.message).toContain('docs');
    expect(isRetryable(error)).toBe(false);
  });

  it('keeps the HTTP status of other failures and retries only server-side ones', () => {
    const notFound = toMcpUseError(
      new SdkHttpError(SdkErrorCode.ClientHttpNotImplemented, 'x', { status: 404 }),
      context,
    );
    expect(notFound).toMatchObject({ code: 'http_error', status: 404 });
    expect(isRetryable(notFound)).toBe(false);
    const unavailable = toMcpUseError(
      new SdkHttpError(SdkErrorCode.ClientHttpNotImplemented, 'x', { status: 503 }),
      context,
    );
    expect(isRetryable(unavailable)).toBe(true);
  });

  it('maps timeouts, JSON-RPC errors and aborts to their own codes', () => {
    expect(toMcpUseError(new SdkError(SdkErrorCode.RequestTimeout, 't'), context, 'request').code).toBe(
      'timeout',
    );
    expect(toMcpUseError(new ProtocolError(-32602, 'bad params'), context, 'request')).toMatchObject({
      code: 'server_error',
      rpcCode: -32602,
    });
    expect(toMcpUseError(new DOMException('stop', 'AbortError'), context, 'request').code).toBe('aborted');
  });

  it('calls an unknown failure a failed connection while connecting and a lost one afterwards', () => {
    const cause = new TypeError('fetch failed');
    expect(toMcpUseError(cause, context, 'connect')).toMatchObject({ code: 'connection_failed', cause });
    expect(toMcpUseError(cause, context, 'request')).toMatchObject({ code: 'connection_lost', cause });
  });

  it('gives a failed fetch that explained itself (a TypeError caused by one of ours) as that error', () => {
    const explained = new McpUseError('cors_blocked', 'https://mcp.example.com/mcp is up, but…', context);
    const thrown = new TypeError(explained.message, { cause: explained });
    expect(toMcpUseError(thrown, context, 'connect')).toBe(explained);
    expect(toMcpUseError(thrown, context, 'request')).toBe(explained);
    // Any other cause is still a plain network failure.
    expect(toMcpUseError(new TypeError('Failed to fetch', { cause: new Error('x') }), context).code).toBe(
      'connection_failed',
    );
    expect(isRetryable(explained)).toBe(false);
  });

  it('tells a protocol refusal (the connection is fine) from a network failure wrapped by the SDK', () => {
    const refusal = new SdkError(SdkErrorCode.MethodNotSupportedByProtocolVersion, 'no ping in 2026-07-28');
    expect(toMcpUseError(refusal, context, 'request').code).toBe('server_error');
    const probe = new SdkError(
      SdkErrorCode.EraNegotiationFailed,
      'Version negotiation probe failed: fetch failed',
    );
    expect(toMcpUseError(probe, context, 'connect')).toMatchObject({ code: 'connection_failed' });
    expect(toMcpUseError(probe, context, 'connect').message).toContain('Could not connect to "docs"');
  });
});
