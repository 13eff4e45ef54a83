import { describe, expect, it } from 'vitest';
import { headerDeclarations, mcpParamHeaders } from '../../../src/core/mcpParamHeaders';

const schema = {
  type: 'object',
  properties: {
    region: { type: 'string', 'x-mcp-header': 'Region' },
    priority: { type: 'integer', 'x-mcp-header': 'Priority' },
    verbose: { type: 'boolean', 'x-mcp-header': 'Verbose' },
    nested: { type: 'object', properties: { id: { type: 'string', 'x-mcp-header': 'Nested-Id' } } },
    plain: { type: 'string' },
  },
};

describe('Mcp-Param-* headers (SEP-2243)', () => {
  it('mirrors declared string, integer and boolean arguments, nested ones too', () => {
    expect(
      mcpParamHeaders(schema, {
        region: 'us-west1',
        priority: 42,
        verbose: false,
        nested: { id: 'n1' },
        plain: 'x',
      }),
    ).toEqual({
      'Mcp-Param-Region': 'us-west1',
      'Mcp-Param-Priority': '42',
      'Mcp-Param-Verbose': 'false',
      'Mcp-Param-Nested-Id': 'n1',
    });
  });

  it('sends nothing for absent or null arguments', () => {
    expect(mcpParamHeaders(schema, { region: null })).toEqual({});
  });

  it('wraps values a header cannot carry as they are in base64', () => {
    const encoded = mcpParamHeaders(schema, { region: 'Hello, 世界' })['Mcp-Param-Region'];
    expect(encoded).toMatch(/^=\?base64\?.+\?=$/);
    const inner = encoded!.slice('=?base64?'.length, -'?='.length);
    expect(new TextDecoder().decode(Uint8Array.from(atob(inner), (c) => c.charCodeAt(0)))).toBe(
      'Hello, 世界',
    );
    for (const value of ['', ' padded', 'line1\nline2', '\tindented']) {
      expect(mcpParamHeaders(schema, { region: value })['Mcp-Param-Region']).toMatch(/^=\?base64\?/);
    }
  });

  it('mirrors nothing from a schema that declares headers the spec forbids', () => {
    expect(
      headerDeclarations({ properties: { a: { type: 'number', 'x-mcp-header': 'A' } } }),
    ).toBeUndefined();
    expect(
      headerDeclarations({
        properties: {
          a: { type: 'string', 'x-mcp-header': 'X' },
          b: { type: 'string', 'x-mcp-header': 'x' },
        },
      }),
    ).toBeUndefined();
    expect(
      headerDeclarations({ properties: { a: { type: 'string', 'x-mcp-header': 'bad name' } } }),
    ).toBeUndefined();
  });
});
