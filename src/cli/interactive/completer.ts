import type { MCPSession } from '../../node/MCPSession';
import { hasTerminalControls } from '../output/terminalText';

/** The REPL's verbs and their sub-verbs (the CLI's own, without `client`). */
export const REPL_COMMANDS: Record<string, readonly string[]> = {
  tools: ['list', 'describe', 'call'],
  resources: ['list', 'read', 'watch', 'unwatch'],
  tasks: ['list', 'get', 'result', 'cancel'],
  prompts: ['list', 'get'],
  call: [],
  help: [],
  exit: [],
  quit: [],
};

/** What the third word may be after `<verb> <sub-verb>`. */
function argumentCandidates(session: MCPSession, verb: string, sub: string): string[] {
  if ((verb === 'tools' && (sub === 'call' || sub === 'describe')) || verb === 'call') {
    return session.tools.map((tool) => tool.name);
  }
  if (verb === 'prompts' && sub === 'get') return session.prompts.map((prompt) => prompt.name);
  if (verb === 'resources' && (sub === 'read' || sub === 'watch' || sub === 'unwatch'))
    return session.resources.map((resource) => resource.uri);
  return [];
}

/** readline's completer: verbs, then sub-verbs, then tool / prompt names and resource URIs. */
export function createCompleter(session: MCPSession) {
  return (line: string): [string[], string] => {
    const words = line.trimStart().split(/\s+/);
    const current = words[words.length - 1] ?? '';
    let candidates: readonly string[];
    if (words.length <= 1) candidates = Object.keys(REPL_COMMANDS);
    else if (words[0] === 'call' && words.length === 2) candidates = argumentCandidates(session, 'call', '');
    else if (words.length === 2) candidates = REPL_COMMANDS[words[0] as string] ?? [];
    else if (words.length === 3)
      candidates = argumentCandidates(session, words[0] as string, words[1] as string);
    else candidates = [];
    // readline prints candidates as they are: a name a terminal would act on is not offered (it can still be
    // typed, and is shown escaped everywhere else).
    const hits = candidates.filter(
      (candidate) => candidate.startsWith(current) && !hasTerminalControls(candidate),
    );
    // A unique hit gets a trailing space, so the next word can be typed straight away.
    return [hits.length === 1 ? [`${hits[0]} `] : hits, current];
  };
}
