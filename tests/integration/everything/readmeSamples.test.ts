// The README's "Tasks, progress, cancellation and subscriptions" samples: the Node one runs as written against
// server-everything (its import line becomes the function's parameters, its URL the test server's), and both
// type-check against the sources. Samples that cannot fail are no samples.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCPClient, McpUseError } from '../../../src/index';
import { type RunningEverything, startEverything } from '../../support/everythingServer';
import { ROOT } from '../../unit/architecture/sourceImports';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SECTION = README.slice(
  README.indexOf('## Tasks, progress, cancellation and subscriptions'),
  README.indexOf('## Node: `MCPClient`'),
);
const NODE_CLIENT = readFileSync(join(ROOT, 'docs', 'node-client.md'), 'utf8');
/** docs/node-client.md's sample of the same (it needs the network to start its server: type-checked only). */
const NODE_CLIENT_SAMPLE = NODE_CLIENT.slice(
  NODE_CLIENT.indexOf('Tasks, progress, cancellation, URL elicitation'),
);
const SAMPLE_URL = 'http://localhost:3001/mcp';

function codeBlock(language: string, text = SECTION): string {
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(text);
  if (!match?.[1]) throw new Error(`no ${language} sample in the section`);
  return match[1];
}

let server: RunningEverything;
beforeAll(async () => {
  server = await startEverything('streamableHttp');
});
afterAll(() => server?.stop());

describe("the README's tasks, progress, cancellation and subscriptions samples", () => {
  it('the Node sample runs against server-everything', async () => {
    const sample = codeBlock('ts');
    const importLine = "import { MCPClient, McpUseError } from 'mcp-use'\n";
    expect(sample.startsWith(importLine)).toBe(true);
    expect(sample).toContain(SAMPLE_URL);
    const body = sample.slice(importLine.length).replace(SAMPLE_URL, server.url);
    const logged: string[] = [];
    const log = (...values: unknown[]) => logged.push(values.map((value) => String(value)).join(' '));
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<void>;
    await new AsyncFunction('MCPClient', 'McpUseError', 'console', body)(MCPClient, McpUseError, { log });
    expect(logged).toContain('completed Generating report...');
    expect(logged).toContain('1/30');
    expect(logged).toContain('aborted');
    expect(logged).toContain('working');
    expect(logged).toContain('read 1: demo://resource/static/document/features.md');
    expect(logged).toContain('read 2: demo://resource/static/document/features.md');
  });

  it("the Node and React samples (and the Node client guide's) type-check against the sources", () => {
    const dir = join(ROOT, 'tests', 'integration', 'everything');
    const samples = new Map(
      [
        ['readme-sample.ts', codeBlock('ts')],
        ['readme-sample.tsx', codeBlock('tsx')],
        ['node-client-sample.ts', codeBlock('ts', NODE_CLIENT_SAMPLE)],
      ].map(([name, code]) => [join(dir, name!), `${code}\nexport {};\n`]),
    );
    const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (name, language, ...rest) => {
      const code = samples.get(name);
      return code !== undefined
        ? ts.createSourceFile(name, code, language)
        : getSourceFile(name, language, ...rest);
    };
    host.fileExists = (name) => samples.has(name) || fileExists(name);
    host.readFile = (name) => samples.get(name) ?? readFile(name);
    const program = ts.createProgram({
      rootNames: [...samples.keys()],
      options: { ...options, noEmit: true },
      host,
    });
    const errors = [...samples.keys()].flatMap((name) =>
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(name))
        .map((diagnostic) => `${name}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`),
    );
    expect(errors).toEqual([]);
  }, 60_000);
});
