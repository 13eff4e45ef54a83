// Runs one scenario of one conformance-suite version against one client command, the way the suite's CLI
// decides it: exit code 0 = passed (no failed check, no warning, the client exited 0 unless the scenario allows an
// error). The suite runs on Node ≥ 22 with loopback-preload.mjs, so its servers listen on 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PRELOAD = fileURLToPath(new URL('./loopback-preload.mjs', import.meta.url));
/** The suite's own per-scenario client timeout (its default), and our bound on the whole CLI run above it. */
export const CLIENT_TIMEOUT_MS = 30_000;
const CLI_TIMEOUT_MS = 60_000;
const KILL_GRACE_MS = 2_000;
const OUTPUT_KEEP_CHARS = 200_000;

/** The suite versions a run covers: the npm package (an alias for the pre-release) and how to run it. */
export const SUITES = {
  '0.1.16': { pkg: '@modelcontextprotocol/conformance', specVersion: undefined },
  '0.2.0-alpha.12': { pkg: 'conformance-next', specVersion: '2026-07-28' },
};

export function suiteBin(root, suite) {
  return join(root, 'node_modules', SUITES[suite].pkg, 'dist', 'index.js');
}

/**
 * Lists the client scenarios a suite version offers, from its own `list` command; with `requirements`, the frozen
 * set a spec revision requires (0.2.0 and later).
 * @returns {Promise<{ name: string, versions: string[] }[]>}
 */
export function listScenarios({ root, node22, suite, requirements }) {
  return new Promise((resolve, reject) => {
    const args = [
      suiteBin(root, suite),
      'list',
      ...(suite === '0.1.16' ? [] : ['--client']),
      ...(requirements ? ['--requirements', requirements] : []),
    ];
    const child = spawn(node22, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      const section = out.split(/Client scenarios[^\n]*\n/)[1] ?? '';
      const names = [];
      for (const line of section.split('\n')) {
        const match = /^\s+- (\S+)(?: \[(.*)\])?/.exec(line);
        if (match) names.push({ name: match[1], versions: (match[2] ?? '').split(',').filter(Boolean) });
        else if (line.trim() && !line.startsWith(' ')) break;
      }
      resolve(names);
    });
  });
}

function latestResultDir(outDir) {
  // The suite writes <outDir>/<scenario>-<timestamp>/ (the scenario may contain a slash: auth/x → auth/x-…).
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const full = join(dir, entry.name);
      if (existsSync(join(full, 'checks.json'))) found.push(full);
      else walk(full);
    }
  };
  if (existsSync(outDir)) walk(outDir);
  return found.sort().at(-1);
}

function readChecks(dir) {
  if (!dir) return [];
  try {
    return JSON.parse(readFileSync(join(dir, 'checks.json'), 'utf8'));
  } catch {
    return [];
  }
}

/**
 * @param {{ root: string, node22: string, suite: string, scenario: string, command: string,
 *   outDir: string, env?: Record<string, string> }} options — `outDir` is this run's own (it is emptied)
 * @returns {Promise<{ passed: boolean, exitCode: number | null, seconds: number, failures: string[],
 *   warnings: string[], output: string, resultDir: string | undefined }>}
 */
export function runScenario({ root, node22, suite, scenario, command, outDir, env = {} }) {
  const { specVersion } = SUITES[suite];
  // One folder per run, emptied first: the result folder found afterwards is this run's.
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const args = [
    suiteBin(root, suite),
    'client',
    '--command',
    command,
    '--scenario',
    scenario,
    '--timeout',
    String(CLIENT_TIMEOUT_MS),
    '-o',
    outDir,
    ...(specVersion ? ['--spec-version', specVersion] : []),
  ];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(node22, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...env,
        NODE_OPTIONS: `--import ${pathToFileURL(PRELOAD).href}`,
        NO_COLOR: '1',
        FORCE_COLOR: '0',
      },
    });
    let output = '';
    const keep = (chunk) => {
      if (output.length < OUTPUT_KEEP_CHARS) output += chunk;
    };
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    const timer = setTimeout(() => {
      output += `\n[runner] the suite did not finish within ${CLI_TIMEOUT_MS} ms; stopping it\n`;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
    }, CLI_TIMEOUT_MS);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      const resultDir = latestResultDir(outDir);
      const checks = readChecks(resultDir);
      const describe = (check) => `${check.id}: ${check.errorMessage ?? check.description ?? check.name}`;
      resolve({
        passed: exitCode === 0,
        exitCode,
        seconds: (Date.now() - started) / 1000,
        failures: checks.filter((check) => check.status === 'FAILURE').map(describe),
        warnings: checks.filter((check) => check.status === 'WARNING').map(describe),
        output,
        resultDir,
      });
    });
  });
}
