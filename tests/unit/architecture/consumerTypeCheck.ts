// Type-checks a user's module against the built package (dist/, built by the node project's global setup), the
// way Node and an app bundler's TypeScript setup resolve it. The module sits inside the package folder, so
// `mcp-use` resolves to the package itself (package.json exports).
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT } from './sourceImports';

const CONSUMER = join(ROOT, 'consumer-check.ts');

/** How Node resolves the package, and how an app bundler's TypeScript setup does. */
const RESOLUTIONS: Record<string, ts.CompilerOptions> = {
  nodenext: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
  bundler: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
};

export interface ConsumerCheck {
  /** Report the errors of every declaration file the program loads, not only the module's own. */
  wholeProgram?: boolean;
  /** Files that do not exist for this user (e.g. @types/node in a browser app). */
  hidden?: (path: string) => boolean;
}

/** The errors of `code` as a user's module, under each resolution, one line each (prefixed with the resolution). */
export function consumerTypeErrors(
  code: string,
  options: ts.CompilerOptions,
  check: ConsumerCheck = {},
): string[] {
  const hidden = check.hidden ?? (() => false);
  return Object.entries(RESOLUTIONS).flatMap(([resolution, settings]) => {
    const compilerOptions = { ...options, ...settings };
    const host = ts.createCompilerHost(compilerOptions);
    const { getSourceFile, fileExists, readFile, directoryExists } = host;
    host.getSourceFile = (name, language, ...rest) =>
      name === CONSUMER ? ts.createSourceFile(name, code, language) : getSourceFile(name, language, ...rest);
    host.fileExists = (name) => name === CONSUMER || (!hidden(name) && fileExists(name));
    host.readFile = (name) => (name === CONSUMER ? code : hidden(name) ? undefined : readFile(name));
    host.directoryExists = (name) => !hidden(`${name}/`) && (directoryExists?.(name) ?? true);
    const program = ts.createProgram({ rootNames: [CONSUMER], options: compilerOptions, host });
    const diagnostics = check.wholeProgram
      ? ts.getPreEmitDiagnostics(program)
      : ts.getPreEmitDiagnostics(program, program.getSourceFile(CONSUMER));
    return diagnostics.map((diagnostic) => {
      const file = diagnostic.file ? `${diagnostic.file.fileName.replace(/^.*node_modules\//, '')}: ` : '';
      return `${resolution}: ${file}${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
    });
  });
}
