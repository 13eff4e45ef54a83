import { InsufficientScopeError } from '@modelcontextprotocol/client';
import type { ConnectionAuth } from './connectionAuth';
import type { McpUseError, McpUseErrorDetails } from './errors';
import { toMcpUseError } from './toMcpUseError';

/**
 * MCP authorization, step-up: a 403 `insufficient_scope` asks for a wider grant, which the auth plug-in turns
 * into a sign-in for the union of scopes. The SDK reports such a 403 twice — on the client's `onerror`, then as
 * the failure of the request (and for a connect, by closing the transport) — so one attempt's step-up is
 * coordinated here: prepared once, awaited by whichever report comes second.
 */
export class StepUp {
  readonly #auth: ConnectionAuth | undefined;
  readonly #context: McpUseErrorDetails;
  /** Told when the step-up ends in "the user must sign in" (the connection then asks for it). */
  readonly #onAuthRequired: (error: McpUseError) => void;
  /** The attempt's: the wider sign-in is no longer prepared once the attempt is abandoned. */
  readonly #signal: AbortSignal | undefined;
  #pending: Promise<unknown> | undefined;

  constructor(
    auth: ConnectionAuth | undefined,
    context: McpUseErrorDetails,
    signal: AbortSignal | undefined,
    onAuthRequired: (error: McpUseError) => void,
  ) {
    this.#auth = auth;
    this.#context = context;
    this.#signal = signal;
    this.#onAuthRequired = onAuthRequired;
  }

  /** The client's `onerror` saw a 403 `insufficient_scope`: start preparing the wider sign-in now. */
  begin(error: InsufficientScopeError): void {
    this.#pending = this.#run(error);
  }

  /** Resolves once a step-up reported just before the transport closed has been prepared. */
  async settled(): Promise<void> {
    await this.#pending;
  }

  /**
   * What a failed request or connect should report: for an `insufficient_scope` failure, the outcome of the one
   * step-up (a sign-in request, or why no more step-up is sensible); any other failure as it is.
   */
  async outcome(cause: unknown): Promise<unknown> {
    const pending = this.#pending;
    if (!pending) return this.#run(cause);
    const outcome = await pending;
    return cause instanceof InsufficientScopeError ? outcome : cause;
  }

  async #run(cause: unknown): Promise<unknown> {
    const auth = this.#auth;
    if (!(cause instanceof InsufficientScopeError) || !auth?.onInsufficientScope) return cause;
    try {
      await auth.onInsufficientScope(cause.requiredScope, { signal: this.#signal });
      return cause;
    } catch (stepUpError) {
      const error = toMcpUseError(stepUpError, this.#context);
      if (error.code === 'auth_required') this.#onAuthRequired(error);
      return error;
    }
  }
}
