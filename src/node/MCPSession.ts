import type { CallOptions, Connection } from '../core/Connection';
import { McpUseError } from '../core/errors';
import type {
  CallToolResult,
  ConnectionState,
  GetPromptResult,
  Implementation,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  ServerCapabilities,
  Tool,
} from '../core/types';
import { SessionClosedError } from './errors';

/**
 * One configured server's live connection, as `MCPClient.createSession()` hands it out. A thin wrapper over a
 * core `Connection` (exposed as `connection` for subscribing to state changes): the cached lists and server
 * details come from the connection's snapshot, and every call goes through the connection, so calls made while
 * it is not ready reject with `NotConnectedError`.
 */
export class MCPSession {
  readonly serverName: string;
  readonly connection: Connection;

  constructor(serverName: string, connection: Connection) {
    this.serverName = serverName;
    this.connection = connection;
  }

  get state(): ConnectionState {
    return this.connection.getSnapshot().state;
  }

  /** Whether the connection is ready for calls right now. */
  get isConnected(): boolean {
    return this.state === 'ready';
  }

  /** The tools listed at connect time, kept current by list-changed notifications and `listTools()`. */
  get tools(): readonly Tool[] {
    return this.connection.getSnapshot().tools;
  }

  get resources(): readonly Resource[] {
    return this.connection.getSnapshot().resources;
  }

  get resourceTemplates(): readonly ResourceTemplate[] {
    return this.connection.getSnapshot().resourceTemplates;
  }

  get prompts(): readonly Prompt[] {
    return this.connection.getSnapshot().prompts;
  }

  /** The server's name and version from the handshake. */
  get serverInfo(): Implementation | undefined {
    return this.connection.getSnapshot().serverInfo;
  }

  get capabilities(): ServerCapabilities | undefined {
    return this.connection.getSnapshot().capabilities;
  }

  /**
   * Connects (unless already connected or connecting) and resolves once the connection is `ready`. Rejects with
   * the connection's typed error when it ends in `failed` (after any configured retries), or with code `aborted`
   * when the session is closed first. Waits on state changes, not by polling; the connection bounds the wait
   * with its request timeout and retry policy.
   *
   * A server configured with OAuth that needs the user to sign in (`pending_auth`) gets one sign-in per call:
   * the browser flow starts at once (NodeOAuth bounds it with `authTimeoutMs`), and if it fails the call
   * rejects with the reason instead of asking again.
   */
  connect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let signInStarted = false;
      const settle = (): boolean => {
        const { state, error } = this.connection.getSnapshot();
        if (state === 'ready') resolve();
        else if (state === 'failed') reject(error ?? this.#error('connection_failed', 'could not connect'));
        else if (state === 'pending_auth') {
          if (signInStarted) {
            reject(error ?? this.#error('auth_required', 'requires OAuth sign-in'));
            return true;
          }
          signInStarted = true;
          // Not from inside this state notification: authenticate() changes the state itself.
          queueMicrotask(() => this.connection.authenticate());
          return false;
        } else if (state === 'disconnected') reject(new SessionClosedError(this.serverName));
        else return false;
        return true;
      };
      const unsubscribe = this.connection.subscribe(() => {
        if (settle()) unsubscribe();
      });
      // Synchronously moves a new, failed or disconnected connection to `connecting`, so `settle` below
      // only finishes early when the connection was ready already.
      this.connection.connect();
      if (settle()) unsubscribe();
    });
  }

  listTools(options?: CallOptions): Promise<Tool[]> {
    return this.connection.listTools(options);
  }

  callTool(name: string, args: Record<string, unknown> = {}, options?: CallOptions): Promise<CallToolResult> {
    return this.connection.callTool(name, args, options);
  }

  listResources(options?: CallOptions): Promise<Resource[]> {
    return this.connection.listResources(options);
  }

  listResourceTemplates(options?: CallOptions): Promise<ResourceTemplate[]> {
    return this.connection.listResourceTemplates(options);
  }

  readResource(uri: string, options?: CallOptions): Promise<ReadResourceResult> {
    return this.connection.readResource(uri, options);
  }

  listPrompts(options?: CallOptions): Promise<Prompt[]> {
    return this.connection.listPrompts(options);
  }

  getPrompt(
    name: string,
    args: Record<string, string> = {},
    options?: CallOptions,
  ): Promise<GetPromptResult> {
    return this.connection.getPrompt(name, args, options);
  }

  /** Closes the connection (a stdio server's process is ended) and stops its timers. Safe to call twice. */
  close(): Promise<void> {
    return this.connection.disconnect();
  }

  #error(code: 'connection_failed' | 'auth_required', what: string): McpUseError {
    return new McpUseError(code, `Session ${JSON.stringify(this.serverName)} ${what}`, {
      serverName: this.serverName,
    });
  }
}
