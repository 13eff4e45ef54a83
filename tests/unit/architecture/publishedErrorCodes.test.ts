// What a user's TypeScript sees in the built package (dist/, built by the node project's global setup): every
// layer's codes are part of `McpUseErrorCode` whichever entry the program imports, and a misspelt code is an
// error. The layers add their codes by module augmentation, which the declaration bundler does not carry over
// by itself (tsdown.config.ts), so this is checked against the built declarations, not the sources.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { consumerTypeErrors } from './consumerTypeCheck';

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  types: [],
  skipLibCheck: true,
};

const typeErrors = (code: string): string[] => consumerTypeErrors(code, OPTIONS);

describe('error codes in the published types', () => {
  it('a Node program sees core, OAuth and Node codes', () => {
    const errors = typeErrors(`
      import { type McpUseError, NodeErrorCode } from 'mcp-use';
      export const codes: McpUseError['code'][] = ['invalid_url', 'auth_discovery_failed', 'config_not_found', NodeErrorCode.authPortInUse];
      // @ts-expect-error a misspelt code is not a code
      export const typo: McpUseError['code'] = 'config_not_fund';
    `);
    expect(errors).toEqual([]);
  });

  it('a React program sees the sign-in window codes beside the connection and OAuth ones', () => {
    const errors = typeErrors(`
      import { BrowserErrorCode, useMcp } from 'mcp-use/react';
      type Code = NonNullable<ReturnType<typeof useMcp>['error']>['code'];
      export const codes: Code[] = ['auth_popup_blocked', BrowserErrorCode.authTimeout, 'auth_server_error', 'retries_exhausted'];
      // @ts-expect-error a misspelt code is not a code
      export const typo: Code = 'auth_popup_blockd';
    `);
    expect(errors).toEqual([]);
  });

  it('a callback page sees the OAuth codes', () => {
    const errors = typeErrors(`
      import { AuthErrorCode, type McpUseError } from 'mcp-use/auth';
      export const codes: McpUseError['code'][] = ['auth_invalid_state', AuthErrorCode.authIssuerMismatch];
      // @ts-expect-error a misspelt code is not a code
      export const typo: McpUseError['code'] = 'auth_invalid_stat';
    `);
    expect(errors).toEqual([]);
  });
});
