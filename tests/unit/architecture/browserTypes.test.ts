// A browser app's TypeScript, strict about its libraries: `skipLibCheck: false`, the DOM's types and no
// @types/node (a page has no Node). It type-checks `mcp-use/react` and `mcp-use/auth` with every declaration file
// they load, the MCP SDK's included (which name Node's `Buffer`: src/react.ts says how that is answered).
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { consumerTypeErrors } from './consumerTypeCheck';

const BROWSER_APP: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  jsx: ts.JsxEmit.ReactJSX,
  types: [],
  skipLibCheck: false,
};

const withoutNodeTypes = (path: string) => path.includes('/@types/node/');

const browserTypeErrors = (code: string) =>
  consumerTypeErrors(code, BROWSER_APP, { wholeProgram: true, hidden: withoutNodeTypes });

describe('the published types in a browser app without @types/node, libraries checked', () => {
  it('mcp-use/react type-checks', () => {
    expect(
      browserTypeErrors(`
        import { useMcp, type UseMcpResult } from 'mcp-use/react';
        export const hook: (options: { url: string }) => UseMcpResult = useMcp;
      `),
    ).toEqual([]);
  });

  it('mcp-use/auth type-checks', () => {
    expect(
      browserTypeErrors(`
        import { onMcpAuthorization } from 'mcp-use/auth';
        export const complete: () => Promise<unknown> = () => onMcpAuthorization();
      `),
    ).toEqual([]);
  });
});
