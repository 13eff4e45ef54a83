/**
 * The OAuth engine's key-value store as a JSON file (mode 0600), for Node applications: tokens, client
 * registrations, discovery results and pending sign-ins survive the process, and another process using the
 * same file sees a refresh at once (every read goes to the file).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KeyValueStore } from '../../auth/memoryStore';
import { ConfigFileError } from '../errors';
import { readSecureJson, type SecureFileOptions, updateSecureJson } from '../fs/secureJsonFile';

const FORMAT_VERSION = 1;

interface StoreFile {
  version: number;
  entries: Record<string, unknown>;
}

/** `~/.mcp-use/oauth-tokens.json` (`HOME` is respected). */
export function defaultOAuthStorePath(): string {
  return join(homedir(), '.mcp-use', 'oauth-tokens.json');
}

function entriesOf(path: string, content: unknown): Record<string, unknown> {
  if (content === undefined) return {};
  const file = content as Partial<StoreFile> | null;
  if (typeof file !== 'object' || file === null || typeof file.entries !== 'object' || !file.entries) {
    throw new ConfigFileError(`${path} is not an mcp-use token store (no "entries" object)`, path);
  }
  return file.entries as Record<string, unknown>;
}

/**
 * A KeyValueStore in the JSON file at `path` (created with mode 0600 on the first write, in a folder kept 0700:
 * see secureJsonFile.ts). `options.onNotice` hears when a folder or file open to other users was made private.
 */
export function createFileStore(
  path: string = defaultOAuthStorePath(),
  options: SecureFileOptions = {},
): KeyValueStore {
  const change = (edit: (entries: Record<string, unknown>) => boolean) =>
    updateSecureJson(
      path,
      (content) => {
        const file = (content as StoreFile | undefined) ?? { version: FORMAT_VERSION, entries: {} };
        const entries = entriesOf(path, content);
        // Only what changed is written back; everything else in the file (other servers' tokens) stays as read.
        return edit(entries) ? { ...file, entries } : undefined;
      },
      options,
    );
  return {
    async get<T>(key: string) {
      const entries = entriesOf(path, readSecureJson(path, options));
      return Object.hasOwn(entries, key) ? (entries[key] as T) : undefined;
    },
    set: (key, value) =>
      change((entries) => {
        entries[key] = value;
        return true;
      }),
    del: (key) =>
      change((entries) => {
        if (!Object.hasOwn(entries, key)) return false;
        delete entries[key];
        return true;
      }),
  };
}
