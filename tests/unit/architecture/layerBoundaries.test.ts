// The layer rules of the design (dependencies point down only): core imports no other layer; auth imports neither
// browser, node, react nor cli; the proxy (server code on Web-standard APIs) imports only core and auth; the
// `mcp-use/auth` entry pulls no MCP SDK; browser and react never import node or cli; the library never imports
// its CLI. Read from the sources' import statements, type-only ones included
// (a type couples two layers as much as a value does), except for the bundle rule, which is about run time.
import { describe, expect, it } from 'vitest';
import {
  importsOf,
  type Layer,
  layerOf,
  PUBLIC_ENTRIES,
  runtimeGraph,
  type SourceImport,
  sourceFiles,
} from './sourceImports';

/** Modules that tie code to one runtime: Node's builtins, React, IndexedDB. */
function isRuntimeSpecific(target: string): boolean {
  return target.startsWith('node:') || ['react', 'react-dom', 'idb-keyval'].includes(target);
}

const targetLayer = (found: SourceImport): Layer | undefined =>
  found.kind === 'file' ? layerOf(found.target) : undefined;

/** The entries a browser loads: they follow the browser layer's rule. */
const BROWSER_ENTRIES = new Set<string>([
  PUBLIC_ENTRIES['mcp-use (browsers)'],
  PUBLIC_ENTRIES['mcp-use/react'],
  PUBLIC_ENTRIES['mcp-use/auth'],
]);

interface Rule {
  rule: string;
  appliesTo: (file: string) => boolean;
  breaks: (found: SourceImport) => boolean;
}

const RULES: Rule[] = [
  {
    rule: 'core imports no other layer, and nothing tied to one runtime',
    appliesTo: (file) => layerOf(file) === 'core',
    breaks: (found) => {
      const layer = targetLayer(found);
      return (layer !== undefined && layer !== 'core') || isRuntimeSpecific(found.target);
    },
  },
  {
    rule: 'auth imports neither browser, node, react nor cli, and is runtime-agnostic (storage is injected)',
    appliesTo: (file) => layerOf(file) === 'auth',
    breaks: (found) =>
      ['browser', 'node', 'react', 'cli'].includes(targetLayer(found) ?? '') ||
      isRuntimeSpecific(found.target),
  },
  {
    rule: 'the proxy is server code on Web-standard APIs: it imports only core and auth, and nothing runtime-specific',
    appliesTo: (file) => layerOf(file) === 'proxy' || file === PUBLIC_ENTRIES['mcp-use/proxy'],
    breaks: (found) =>
      found.kind === 'file'
        ? !['core', 'auth', 'proxy'].includes(targetLayer(found) ?? '')
        : isRuntimeSpecific(found.target) || found.target.startsWith('@modelcontextprotocol/'),
  },
  {
    rule: 'browser and react (and the entries browsers load) never import node or cli, nor Node builtins',
    appliesTo: (file) => ['browser', 'react'].includes(layerOf(file) ?? '') || BROWSER_ENTRIES.has(file),
    breaks: (found) => ['node', 'cli'].includes(targetLayer(found) ?? '') || found.target.startsWith('node:'),
  },
  {
    rule: 'the library never imports the CLI',
    appliesTo: (file) => layerOf(file) !== 'cli' && file !== 'src/cli.ts',
    breaks: (found) => targetLayer(found) === 'cli' || found.target === 'src/cli.ts',
  },
];

const describeImport = (found: SourceImport): string => `${found.from} → ${found.target}`;

function layerViolations(): Map<string, string[]> {
  const byRule = new Map<string, string[]>();
  for (const file of sourceFiles()) {
    for (const found of importsOf(file)) {
      for (const { rule, appliesTo, breaks } of RULES) {
        if (!appliesTo(file) || !breaks(found)) continue;
        byRule.set(rule, [...(byRule.get(rule) ?? []), describeImport(found)]);
      }
    }
  }
  return byRule;
}

/** Modules of the Redis store (and the `redis` package) that an entry other than `mcp-use/redis` reaches. */
function redisOutsideItsEntry(): string[] {
  return Object.entries(PUBLIC_ENTRIES)
    .filter(([name]) => name !== 'mcp-use/redis')
    .flatMap(([name, entry]) => {
      const { files, imports } = runtimeGraph(entry);
      return [
        ...[...files].filter((file) => file.startsWith('src/node/redis/') || file === 'src/redis.ts'),
        ...imports.filter((found) => found.target === 'redis').map(describeImport),
      ].map((found) => `${name}: ${found}`);
    });
}

/** `mcp-use/auth`: the modules its run-time graph loads that are the MCP SDK, with the path that led there. */
function sdkInCallbackEntry(): string[] {
  const { imports } = runtimeGraph(PUBLIC_ENTRIES['mcp-use/auth']);
  return imports.filter((found) => found.target.startsWith('@modelcontextprotocol/')).map(describeImport);
}

describe('layer boundaries', () => {
  const violations = layerViolations();

  for (const { rule } of RULES) {
    it(rule, () => {
      // One readable line per import: `file → import`.
      expect(violations.get(rule) ?? []).toEqual([]);
    });
  }

  it('only the mcp-use/redis entry loads the Redis store or the redis package', () => {
    expect(redisOutsideItsEntry()).toEqual([]);
    expect([...runtimeGraph(PUBLIC_ENTRIES['mcp-use/redis']).files]).toContain(
      'src/node/redis/redisTokenStore.ts',
    );
  });

  it('the mcp-use/auth entry loads no @modelcontextprotocol/* module', () => {
    expect(sdkInCallbackEntry()).toEqual([]);
  });

  it('the rules see the imports they are about (a walker that finds nothing proves nothing)', () => {
    const edges = sourceFiles().flatMap(importsOf);
    expect(
      edges.some((found) => found.from.startsWith('src/browser/') && targetLayer(found) === 'auth'),
    ).toBe(true);
    expect(
      edges.some(
        (found) => found.from === 'src/cli/sessions/openSession.ts' && targetLayer(found) === 'node',
      ),
    ).toBe(true);
    expect(
      [...runtimeGraph(PUBLIC_ENTRIES['mcp-use (Node)']).imports].map((found) => found.target),
    ).toContain('@modelcontextprotocol/client');
    expect(edges.some((found) => found.from.startsWith('src/proxy/') && targetLayer(found) === 'auth')).toBe(
      true,
    );
  });
});
