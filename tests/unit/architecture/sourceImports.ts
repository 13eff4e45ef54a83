// The import statements of the package's sources, read with the TypeScript parser (no type-checking): what each
// file under src/ imports, whether only types, and which layer (the first folder under src/) each side is in.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const SRC = join(ROOT, 'src');

/** The public entries, as package.json's `exports` and the bin name them. */
export const PUBLIC_ENTRIES = {
  'mcp-use (Node)': 'src/index.ts',
  'mcp-use (browsers)': 'src/browser.ts',
  'mcp-use/react': 'src/react.ts',
  'mcp-use/auth': 'src/auth.ts',
  'mcp-use/react/apps': 'src/react-apps.ts',
  'mcp-use/proxy': 'src/proxy.ts',
  'mcp-use/redis': 'src/redis.ts',
} as const;

export const LAYERS = ['core', 'auth', 'proxy', 'browser', 'apps', 'node', 'react', 'cli'] as const;
export type Layer = (typeof LAYERS)[number];

export interface SourceImport {
  /** The importing file, relative to the repository root (`src/auth/idbStore.ts`). */
  from: string;
  specifier: string;
  /** A file under src/ (relative to the root), or a package name (`@modelcontextprotocol/client`, `node:fs`). */
  target: string;
  kind: 'file' | 'package';
  /** `import type` / `export type`: nothing of the target is loaded at run time. */
  typeOnly: boolean;
}

/** Every .ts/.tsx file under src/, relative to the root, sorted. */
export function sourceFiles(dir = SRC): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(relative(ROOT, path));
  }
  return files.sort();
}

/** The layer a file belongs to; the entry files directly under src/ belong to none. */
export function layerOf(file: string): Layer | undefined {
  const [top, layer, rest] = file.split('/');
  if (top !== 'src' || rest === undefined) return undefined;
  return (LAYERS as readonly string[]).includes(layer ?? '') ? (layer as Layer) : undefined;
}

function resolveFile(from: string, specifier: string): string {
  const base = resolve(ROOT, dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')];
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  return relative(ROOT, found ?? base);
}

function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function toImport(from: string, specifier: string, typeOnly: boolean): SourceImport {
  const relativePath = specifier.startsWith('.');
  return {
    from,
    specifier,
    target: relativePath ? resolveFile(from, specifier) : packageName(specifier),
    kind: relativePath ? 'file' : 'package',
    typeOnly,
  };
}

/** The static imports and re-exports of a file, and its dynamic `import('…')` calls. */
export function importsOf(file: string): SourceImport[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found: SourceImport[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(toImport(file, node.moduleSpecifier.text, node.importClause?.isTypeOnly === true));
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(toImport(file, node.moduleSpecifier.text, node.isTypeOnly));
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(toImport(file, node.arguments[0].text, false));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The files and packages loaded at run time from `entry`: its value imports, followed through src/. */
export function runtimeGraph(entry: string): { files: Set<string>; imports: SourceImport[] } {
  const files = new Set<string>();
  const imports: SourceImport[] = [];
  const walk = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const found of importsOf(file)) {
      if (found.typeOnly) continue;
      imports.push(found);
      if (found.kind === 'file') walk(found.target);
    }
  };
  walk(entry);
  return { files, imports };
}
