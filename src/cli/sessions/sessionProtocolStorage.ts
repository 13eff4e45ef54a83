/**
 * Where a saved session remembers what its server speaks (the era, a 2026-07-28 server's discover result, an
 * SSE-only server), inside its record in the sessions file: every command is a new process, and without it each
 * would probe the server's era again before its first request. Written only when it changed, so a command on a
 * session whose server is known writes nothing. While `connect` is still connecting, the session is not saved
 * yet: what is learnt is kept in memory and saved with the session.
 */
import type { ProtocolStorage } from '../../core/protocolMemory';
import { isSessionRecord, type SessionRecord, type SessionsFile } from './sessionsFile';

/** The record's field: the protocol memory's own keys and values, as it stores them. */
export type SessionProtocol = Record<string, string>;

export function protocolOf(record: unknown): SessionProtocol | undefined {
  const protocol = (record as { protocol?: unknown } | undefined)?.protocol;
  return typeof protocol === 'object' && protocol !== null ? (protocol as SessionProtocol) : undefined;
}

export class SessionProtocolStorage implements ProtocolStorage {
  readonly #file: SessionsFile;
  readonly #name: string;
  readonly #id: string;
  readonly #entries: SessionProtocol;
  readonly #saved: boolean;

  constructor(file: SessionsFile, name: string, record: SessionRecord, saved = true) {
    this.#file = file;
    this.#name = name;
    this.#id = record.id;
    this.#entries = { ...protocolOf(record) };
    this.#saved = saved;
  }

  /** What to save with a session being created. */
  snapshot(): SessionProtocol {
    return { ...this.#entries };
  }

  getItem(key: string): string | null {
    return this.#entries[key] ?? null;
  }

  setItem(key: string, value: string): void {
    if (this.#entries[key] === value) return;
    this.#save((protocol) => {
      protocol[key] = value;
    });
  }

  removeItem(key: string): void {
    if (!(key in this.#entries)) return;
    this.#save((protocol) => {
      delete protocol[key];
    });
  }

  #save(edit: (protocol: SessionProtocol) => void): void {
    edit(this.#entries);
    if (!this.#saved) return;
    // Not awaited (the memory's calls are synchronous); the process ends once the write is done. A write that
    // fails only costs the next command a probe.
    this.#file
      .update((data) => {
        const current = data.sessions[this.#name];
        // Only the session this command opened: never one saved under its name since, nor a removed one.
        if (!isSessionRecord(current) || current.id !== this.#id) return false;
        const protocol: SessionProtocol = { ...protocolOf(current) };
        edit(protocol);
        (current as SessionRecord & { protocol?: SessionProtocol }).protocol = protocol;
        return true;
      })
      .catch(() => undefined);
  }
}
