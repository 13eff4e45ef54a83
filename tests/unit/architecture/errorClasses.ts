// The package's error classes as the TypeScript checker sees them: every class under src/ that extends
// McpUseError (directly or through another), where each is constructed, which public entries export it, and the
// error-code tables (`CoreErrorCode`, `AuthErrorCode`…) and other names each entry exports.
import { join, relative } from 'node:path';
import ts from 'typescript';
import { PUBLIC_ENTRIES, ROOT, SRC, sourceFiles } from './sourceImports';

export type EntryName = keyof typeof PUBLIC_ENTRIES;

export interface ErrorClass {
  name: string;
  /** Where it is declared, relative to the root. */
  file: string;
  /** The error class it extends (undefined for McpUseError). */
  base: string | undefined;
  /**
   * The codes instances carry: one for most classes, several when the code depends on a reason (McpAppError);
   * empty for McpUseError itself, whose code is an argument.
   */
  codes: string[];
  /** Files that construct it (`new X(…)`). */
  constructedIn: string[];
  /** Public entries that export it. */
  exportedFrom: EntryName[];
}

export interface ErrorModel {
  classes: ErrorClass[];
  /** Every name each entry exports. */
  exportNames: Record<EntryName, Set<string>>;
  /** The code tables each entry exports, as their code values. */
  codeTables: Record<EntryName, Set<string>>;
  /** Every table declared under src/, by name. */
  declaredTables: Map<string, { file: string; codes: string[] }>;
  /** Codes given as a literal to `new McpUseError(code, …)` (the base class, used for one-off codes). */
  baseClassCodes: Set<string>;
}

function createProgram(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  return ts.createProgram({
    rootNames: sourceFiles().map((file) => join(ROOT, file)),
    options: config.options,
  });
}

const fileOf = (node: ts.Node): string => relative(ROOT, node.getSourceFile().fileName);

/** The declaration a name refers to, through imports and re-exports. */
function declarationOf(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): ts.Declaration | undefined {
  if (!symbol) return undefined;
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return target.declarations?.[0];
}

/** String literal values of a type: `'a'` → [a], `'a' | 'b'` → [a, b], anything else → []. */
function literalValues(type: ts.Type): string[] {
  if (type.isStringLiteral()) return [type.value];
  if (type.isUnion()) return type.types.flatMap(literalValues);
  return [];
}

function superCall(declaration: ts.ClassDeclaration): ts.CallExpression | undefined {
  const body = declaration.members.find(ts.isConstructorDeclaration)?.body;
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) found ??= node;
    else ts.forEachChild(node, visit);
  };
  if (body) visit(body);
  return found;
}

export function readErrorModel(): ErrorModel {
  const program = createProgram();
  const checker = program.getTypeChecker();
  const sources = program.getSourceFiles().filter((file) => file.fileName.startsWith(SRC));

  const classes = new Map<ts.ClassDeclaration, ts.ClassDeclaration | undefined>(); // class → its base class
  const constructions: [ts.Declaration | undefined, ts.NewExpression][] = [];
  const declaredTables = new Map<string, { file: string; codes: string[] }>();
  for (const source of sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) && node.name) {
        const heritage = node.heritageClauses?.find(
          (clause) => clause.token === ts.SyntaxKind.ExtendsKeyword,
        );
        const base =
          heritage?.types[0] &&
          declarationOf(checker, checker.getSymbolAtLocation(heritage.types[0].expression));
        classes.set(node, base && ts.isClassDeclaration(base) ? base : undefined);
      }
      if (ts.isNewExpression(node)) {
        constructions.push([declarationOf(checker, checker.getSymbolAtLocation(node.expression)), node]);
      }
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        node.name.text.endsWith('ErrorCode')
      ) {
        const codes = checker.getTypeAtLocation(node).getProperties();
        declaredTables.set(node.name.text, {
          file: fileOf(node),
          codes: codes.flatMap((code) => literalValues(checker.getTypeOfSymbolAtLocation(code, node))),
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }

  const root = [...classes.keys()].find(
    (declaration) => declaration.name?.text === 'McpUseError' && fileOf(declaration) === 'src/core/errors.ts',
  );
  if (!root) throw new Error('McpUseError not found in src/core/errors.ts');
  const isErrorClass = (declaration: ts.ClassDeclaration | undefined): boolean =>
    declaration === root || (declaration !== undefined && isErrorClass(classes.get(declaration)));
  const codesOf = (declaration: ts.ClassDeclaration): string[] => {
    const base = classes.get(declaration);
    if (declaration === root || !base) return [];
    if (base !== root) return codesOf(base);
    const argument = superCall(declaration)?.arguments[0];
    return argument ? literalValues(checker.getTypeAtLocation(argument)) : [];
  };

  const exporters = new Map<ts.Declaration, EntryName[]>();
  const codeTables = {} as Record<EntryName, Set<string>>;
  const exportNames = {} as Record<EntryName, Set<string>>;
  for (const [entry, file] of Object.entries(PUBLIC_ENTRIES) as [EntryName, string][]) {
    codeTables[entry] = new Set();
    exportNames[entry] = new Set();
    const module = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, file))!);
    for (const exported of module ? checker.getExportsOfModule(module) : []) {
      exportNames[entry].add(exported.name);
      const declaration = declarationOf(checker, exported);
      if (!declaration) continue;
      exporters.set(declaration, [...(exporters.get(declaration) ?? []), entry]);
      if (ts.isVariableDeclaration(declaration) && exported.name.endsWith('ErrorCode')) {
        for (const code of declaredTables.get(exported.name)?.codes ?? []) codeTables[entry].add(code);
      }
    }
  }

  const allCodes = new Set([...declaredTables.values()].flatMap((table) => table.codes));
  const baseClassCodes = new Set<string>();
  for (const [declaration, expression] of constructions) {
    const argument = expression.arguments?.[0];
    if (declaration !== root || !argument) continue;
    const codes = literalValues(checker.getTypeAtLocation(argument));
    // A code relayed from elsewhere (typed as the whole McpUseErrorCode union) proves no code is produced.
    if (codes.length < allCodes.size) for (const code of codes) baseClassCodes.add(code);
  }

  const errorClasses = [...classes.keys()].filter(isErrorClass).map(
    (declaration): ErrorClass => ({
      name: declaration.name!.text,
      file: fileOf(declaration),
      base: classes.get(declaration)?.name?.text,
      codes: codesOf(declaration),
      constructedIn: constructions
        .filter(([constructed]) => constructed === declaration)
        .map(([, expression]) => fileOf(expression)),
      exportedFrom: exporters.get(declaration) ?? [],
    }),
  );
  return { classes: errorClasses, exportNames, codeTables, declaredTables, baseClassCodes };
}

/**
 * The CLI's own errors end as one line on stderr and an exit status; no program imports the bin, and the
 * library never imports the CLI (layerBoundaries.test.ts), so no program can catch them.
 */
export const isCliOnly = (error: ErrorClass): boolean => error.file.startsWith('src/cli/');

/** Classes that can reach a caller: constructed somewhere, or the base class of one that is. */
export function metClasses(model: ErrorModel): ErrorClass[] {
  const byName = new Map(model.classes.map((error) => [error.name, error]));
  const met = new Set<ErrorClass>();
  for (const error of model.classes) {
    if (error.constructedIn.length === 0) continue;
    for (let current: ErrorClass | undefined = error; current; current = byName.get(current.base ?? ''))
      met.add(current);
  }
  return [...met];
}
