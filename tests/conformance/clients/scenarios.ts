// What the application does once connected, per scenario: the same steps for the Node client (an MCPSession)
// and the browser client (the object useMcp returns). Connecting — and signing in — happens before this.
import type { CallToolResult, Tool } from '../../../src/core/types';

/** The part of MCPSession / useMcp's result a scenario uses. */
export interface ScenarioSession {
  listTools(): Promise<Tool[]>;
  callTool(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
}

export interface ScenarioRun {
  scenario: string;
  context: Record<string, unknown>;
  session: ScenarioSession;
  log: (message: string) => void;
  /**
   * Called when a request was refused because the user must sign in again (step-up after a 403
   * `insufficient_scope`): resolves once signed in and connected again, as an application would after
   * showing its "Sign in" button.
   */
  signInAgain: () => Promise<void>;
}

/** Sign-ins one scenario may ask for after the first (step-up); the engine gives up on its own before this. */
const MAX_SIGN_IN_RETRIES = 3;

interface ToolCall {
  name: string;
  arguments?: Record<string, unknown>;
}

/** Tool calls the suite asks for in its context (`toolCalls`), if any. */
function contextToolCalls(context: Record<string, unknown>): ToolCall[] {
  const calls = context.toolCalls;
  return Array.isArray(calls) ? (calls as ToolCall[]) : [];
}

/** A value for each required primitive property, so a tool can be called without knowing it. */
function sampleArguments(tool: Tool): Record<string, unknown> {
  const schema = tool.inputSchema as { properties?: Record<string, { type?: string }>; required?: string[] };
  const samples: Record<string, unknown> = { string: 'us-west1', integer: 1, number: 1, boolean: true };
  const args: Record<string, unknown> = {};
  for (const name of schema.required ?? []) {
    const type = schema.properties?.[name]?.type;
    if (type && type in samples) args[name] = samples[type];
  }
  return args;
}

function needsSignIn(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'auth_required';
}

async function steps({ scenario, context, session, log }: ScenarioRun): Promise<void> {
  const tools = await session.listTools();
  log(`tools: ${tools.map((tool) => tool.name).join(', ') || '(none)'}`);

  const requested = contextToolCalls(context);
  if (requested.length > 0) {
    for (const call of requested) {
      const result = await session.callTool(call.name, call.arguments ?? {});
      log(`called ${call.name}: isError=${Boolean(result.isError)}`);
    }
    return;
  }

  switch (scenario) {
    case 'tools_call': {
      const result = await session.callTool('add_numbers', { a: 5, b: 3 });
      log(`add_numbers: ${JSON.stringify(result.content)}`);
      return;
    }
    case 'http-invalid-tool-headers': {
      // The client must have dropped the tools with malformed x-mcp-header declarations and kept the valid one:
      // use every tool it kept.
      for (const tool of tools) {
        const result = await session.callTool(tool.name, sampleArguments(tool));
        log(`called ${tool.name}: isError=${Boolean(result.isError)}`);
      }
      return;
    }
    case 'sep-2322-client-request-state': {
      // Multi-round-trip requests (2026-07-28): each tool answers `input_required` first; calling them together
      // also checks that concurrent flows keep their request state apart.
      // One tool answers without `resultType`, which the SDK refuses as invalid for this revision; the suite's
      // verdict is on what the client sent, so each call's outcome is only logged.
      const results = await Promise.allSettled(
        tools.map((tool) => session.callTool(tool.name, sampleArguments(tool))),
      );
      results.forEach((result, i) => {
        const outcome =
          result.status === 'fulfilled' ? `isError=${Boolean(result.value.isError)}` : String(result.reason);
        log(`called ${tools[i]?.name}: ${outcome}`);
      });
      return;
    }
    case 'sse-retry':
    case 'elicitation-sep1034-client-defaults': {
      // The scenario's one tool: its answer comes over a stream the server closes early (sse-retry), or after an
      // elicitation request the client must answer (elicitation defaults).
      const tool = tools[0];
      if (!tool) throw new Error('the scenario server lists no tool');
      const result = await session.callTool(tool.name, {});
      log(`called ${tool.name}: isError=${Boolean(result.isError)}`);
      return;
    }
    default: {
      // The auth scenarios serve `test-tool`: an authorized call is the end of the flow. Others only list.
      if (!scenario.startsWith('auth/')) return;
      const tool = tools.find((candidate) => candidate.name === 'test-tool') ?? tools[0];
      if (!tool) return;
      const result = await session.callTool(tool.name, {});
      log(`called ${tool.name}: isError=${Boolean(result.isError)}`);
    }
  }
}

/** Runs the scenario's steps; a refusal that asks for a new sign-in is answered by signing in and starting over. */
export async function runScenario(run: ScenarioRun): Promise<void> {
  for (let retry = 0; ; retry++) {
    try {
      await steps(run);
      return;
    } catch (error) {
      if (!needsSignIn(error) || retry >= MAX_SIGN_IN_RETRIES) throw error;
      run.log(`sign-in required again (${(error as Error).message}); signing in`);
      await run.signInAgain();
    }
  }
}
