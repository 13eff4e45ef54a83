import type { AppBridge } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { Connection } from '../core/Connection';
import type { McpUseError } from '../core/errors';
import type { CallToolResult } from '../core/types';
import { toMcpUseError } from '../core/toMcpUseError';

/** What the page knows about the tool call the app shows. */
export interface ToolData {
  /** The complete arguments. Without `result`, the call is made with them as soon as they are given. */
  input?: Record<string, unknown>;
  /** Arguments still being written (streamed by a model), shown until `input` arrives. */
  partialInput?: Record<string, unknown>;
  /** The result of a call already made: shown as it is, no call is made. */
  result?: CallToolResult;
  /** The call was cancelled (a reason, or `true`): an own call in flight is aborted and the app is told. */
  cancelled?: boolean | string;
}

type Outcome = { result: CallToolResult } | { reason: string };

/**
 * The tool call behind one app, and what of it the app has been told (SEP-1865 "Data Passing"): partial inputs,
 * then the complete input exactly once, then one result or one cancellation. Nothing reaches the app before its
 * `ui/notifications/initialized` ("The Host MUST NOT send any request or notification to the View before").
 */
export class ToolRun {
  readonly #bridge: AppBridge;
  readonly #connection: Connection;
  readonly #toolName: string;
  readonly #onError: (error: McpUseError) => void;
  #initialized = false;
  #input: Record<string, unknown> | undefined;
  #partial: Record<string, unknown> | undefined;
  #sentPartial: string | undefined;
  #inputSent = false;
  #outcome: Outcome | undefined;
  #outcomeSent = false;
  #call: AbortController | undefined;

  constructor(
    bridge: AppBridge,
    connection: Connection,
    toolName: string,
    onError: (error: McpUseError) => void,
  ) {
    this.#bridge = bridge;
    this.#connection = connection;
    this.#toolName = toolName;
    this.#onError = onError;
  }

  /** The page's newest props. Input is fixed once given (a new call is a new app: give it a new `key`). */
  update(data: ToolData): void {
    if (this.#input === undefined && data.input !== undefined) this.#input = data.input;
    if (this.#input === undefined) this.#partial = data.partialInput;
    if (!this.#outcome) {
      if (data.result) this.#settle({ result: data.result });
      else if (data.cancelled)
        this.#settle({ reason: typeof data.cancelled === 'string' ? data.cancelled : 'cancelled' });
      else if (this.#input !== undefined && !this.#call) this.#startCall(this.#input);
    }
    this.#flush();
  }

  appInitialized(): void {
    this.#initialized = true;
    this.#flush();
  }

  /** Stops an own call still in flight (the app is going away). */
  stop(): void {
    this.#call?.abort();
  }

  #startCall(input: Record<string, unknown>): void {
    const abort = new AbortController();
    this.#call = abort;
    this.#connection.callTool(this.#toolName, input, { signal: abort.signal }).then(
      (result) => this.#settle({ result }),
      (cause: unknown) => {
        if (abort.signal.aborted) return; // cancelled on purpose: the cancellation is already the outcome
        const error = toMcpUseError(cause, {}, 'request');
        this.#onError(error);
        this.#settle({ reason: error.message });
      },
    );
  }

  #settle(outcome: Outcome): void {
    if (this.#outcome) return;
    this.#outcome = outcome;
    if ('reason' in outcome) this.#call?.abort();
    this.#flush();
  }

  #flush(): void {
    if (!this.#initialized) return;
    const bridge = this.#bridge;
    if (!this.#inputSent) {
      if (this.#input === undefined && this.#outcome && 'result' in this.#outcome) this.#input = {};
      if (this.#input !== undefined) {
        this.#inputSent = true;
        void bridge.sendToolInput({ arguments: this.#input });
      } else if (this.#partial !== undefined) {
        const json = JSON.stringify(this.#partial);
        if (json !== this.#sentPartial) {
          this.#sentPartial = json;
          void bridge.sendToolInputPartial({ arguments: this.#partial });
        }
      }
    }
    if (!this.#outcome || this.#outcomeSent) return;
    if ('result' in this.#outcome) {
      if (!this.#inputSent) return; // the spec wants the input first
      this.#outcomeSent = true;
      void bridge.sendToolResult(this.#outcome.result);
    } else {
      this.#outcomeSent = true;
      void bridge.sendToolCancelled({ reason: this.#outcome.reason });
    }
  }
}
