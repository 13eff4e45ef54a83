// What to call on @modelcontextprotocol/server-everything 2026.8.31, and what each answer must hold — shared by
// the MCPClient, CLI and useMcp tests. Plain data and checks, no Node modules: the browser tests import it too.
//
// The server lists some tools only to clients that can answer them: `get-roots-list` (roots),
// `trigger-elicitation-request` (elicitation), `trigger-url-elicitation` (elicitation, URL mode) and
// `trigger-sampling-request` (sampling). `trigger-sampling-request-async` and `trigger-elicitation-request-async`
// are listed only to clients that run the server's requests as tasks of their own (client-side tasks), which
// mcp-use does not offer, so no client here is offered them.
import type {
  CallToolResult,
  ContentBlock,
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitationContext,
  ElicitRequestFormParams,
  ElicitRequestURLParams,
  ElicitResult,
  GetPromptResult,
  ReadResourceResult,
  Task,
  ToolCallOptions,
} from '../../src/core/types';

/** The answer every sampling request gets in these tests: a model that always says the same. */
export const SAMPLED_TEXT = 'sampled by the test';

export const ROOTS = [{ uri: 'file:///workspace/everything-test', name: 'everything-test' }];

/** A data URI the gzip tool compresses (it would fetch an https URL from the internet otherwise). */
export const GZIP_INPUT = `data:text/plain;base64,${btoa('compress me, please')}`;

export const URL_TO_OPEN = 'https://example.com/approve?from=mcp-use-tests';

/** The research query's clarifying question, answered with this interpretation. */
export const INTERPRETATION = 'programming';

export const text = (result: { content?: ContentBlock[] }): string =>
  (result.content ?? []).map((item) => (item.type === 'text' ? item.text : `[${item.type}]`)).join('\n');

/** What the handlers saw, for the checks. */
export interface Heard {
  forms: ElicitRequestFormParams[];
  urls: { request: ElicitRequestURLParams; context: ElicitationContext }[];
  samples: CreateMessageRequestParams[];
  statuses: Task[];
  progress: { progress: number; total?: number }[];
}

export function newHeard(): Heard {
  return { forms: [], urls: [], samples: [], statuses: [], progress: [] };
}

/** The `onElicitation` of these tests: fills forms from their schema, accepts every URL at once. */
export function answerElicitation(heard: Heard) {
  return async (
    request: ElicitRequestFormParams | ElicitRequestURLParams,
    context: ElicitationContext,
  ): Promise<ElicitResult> => {
    if (request.mode === 'url') {
      heard.urls.push({ request, context });
      return { action: 'accept' };
    }
    heard.forms.push(request);
    const properties = request.requestedSchema.properties;
    if ('interpretation' in properties)
      return { action: 'accept', content: { interpretation: INTERPRETATION } };
    return { action: 'accept', content: { name: 'Ada', check: true, integer: 7, email: 'ada@example.com' } };
  };
}

export function answerSampling(heard: Heard) {
  return async (request: CreateMessageRequestParams): Promise<CreateMessageResult> => {
    heard.samples.push(request);
    return { model: 'test-model', role: 'assistant', content: { type: 'text', text: SAMPLED_TEXT } };
  };
}

export interface ToolCase {
  args: Record<string, unknown>;
  /** Throws (through `expect`) when the result is not what the server sends for these arguments. */
  check(result: CallToolResult, heard: Heard): void;
}

type Expect = (
  value: unknown,
  message?: string,
) => {
  toBe(expected: unknown): void;
  toContain(expected: unknown): void;
  toMatch(expected: RegExp): void;
  toEqual(expected: unknown): void;
  toBeGreaterThan(expected: number): void;
  toBeDefined(): void;
  not: { toBe(expected: unknown): void };
};

const types = (result: CallToolResult) => result.content.map((item) => item.type);

/** One case per tool the server lists to a client with elicitation, sampling and roots. */
export function toolCases(expect: Expect): Record<string, ToolCase> {
  return {
    echo: { args: { message: 'hello' }, check: (r) => expect(text(r)).toBe('Echo: hello') },
    'get-annotated-message': {
      args: { messageType: 'error', includeImage: true },
      check: (r) => {
        expect(types(r)).toEqual(['text', 'image']);
        expect(r.content[0]?.annotations?.priority).toBe(1);
      },
    },
    'get-env': { args: {}, check: (r) => expect(text(r)).toMatch(/^\{/) },
    'get-resource-links': {
      args: { count: 2 },
      check: (r) => expect(types(r).filter((type) => type === 'resource_link').length).toBe(2),
    },
    'get-resource-reference': {
      args: { resourceType: 'Blob', resourceId: 2 },
      check: (r) => {
        const embedded = r.content.find((item) => item.type === 'resource');
        expect(embedded?.type === 'resource' && 'blob' in embedded.resource).toBe(true);
      },
    },
    'get-structured-content': {
      args: { location: 'Chicago' },
      check: (r) =>
        expect(typeof (r.structuredContent as { temperature?: unknown })?.temperature).toBe('number'),
    },
    'get-sum': { args: { a: 2, b: 40 }, check: (r) => expect(text(r)).toContain('42') },
    'get-tiny-image': {
      args: {},
      check: (r) => {
        const image = r.content.find((item) => item.type === 'image');
        expect(image?.type === 'image' && image.mimeType).toBe('image/png');
      },
    },
    'gzip-file-as-resource': {
      args: { name: 'note.txt.gz', data: GZIP_INPUT, outputType: 'resource' },
      check: (r) => {
        const embedded = r.content.find((item) => item.type === 'resource');
        expect(embedded?.type === 'resource' && embedded.resource.mimeType).toBe('application/gzip');
      },
    },
    'toggle-simulated-logging': { args: {}, check: (r) => expect(text(r)).toMatch(/logging/i) },
    'toggle-subscriber-updates': { args: {}, check: (r) => expect(text(r)).toMatch(/update/i) },
    'trigger-long-running-operation': {
      args: { duration: 0.4, steps: 4 },
      check: (r, heard) => {
        expect(text(r)).toContain('Long running operation completed');
        // In order, each with its total. The SDK may drop the last report when it arrives together with the
        // result (it dispatches notifications a microtask late, responses at once), so three may be all there is.
        const steps = heard.progress.map((p) => p.progress);
        expect(steps).toEqual([1, 2, 3, 4].slice(0, steps.length));
        expect(steps.length).toBeGreaterThan(2);
        expect(heard.progress.every((p) => p.total === 4)).toBe(true);
      },
    },
    'get-roots-list': { args: {}, check: (r) => expect(text(r)).toContain(ROOTS[0]!.uri) },
    'trigger-elicitation-request': {
      args: {},
      check: (r, heard) => {
        expect(heard.forms.length).toBeGreaterThan(0);
        expect(text(r)).toContain('Ada');
      },
    },
    'trigger-url-elicitation': {
      args: { url: URL_TO_OPEN },
      check: (r, heard) => {
        expect(text(r)).toContain('User completed the URL elicitation flow');
        expect(heard.urls.some(({ request }) => request.url === URL_TO_OPEN)).toBe(true);
      },
    },
    'trigger-sampling-request': {
      args: { prompt: 'say something', maxTokens: 10 },
      check: (r, heard) => {
        expect(text(r)).toContain(SAMPLED_TEXT);
        expect(heard.samples.length).toBeGreaterThan(0);
      },
    },
    'simulate-research-query': {
      args: { topic: 'python', ambiguous: true },
      check: (r, heard) => {
        expect(text(r)).toContain(`# Research Report: python (${INTERPRETATION})`);
        const statuses = heard.statuses.map((task) => task.status);
        expect(statuses).toContain('input_required');
        expect(statuses.at(-1)).toBe('completed');
      },
    },
  };
}

/**
 * Calls every tool of `cases` at once through `callTool` (an MCPSession's or useMcp's), hearing the progress of
 * the long operation and the status of the research task, then checks each result.
 */
export async function callEveryTool(
  expect: Expect,
  cases: Record<string, ToolCase>,
  callTool: (
    name: string,
    args: Record<string, unknown>,
    options: ToolCallOptions,
  ) => Promise<CallToolResult>,
  heard: Heard,
): Promise<void> {
  const results: Record<string, CallToolResult> = {};
  await Promise.all(
    Object.entries(cases).map(async ([name, { args }]) => {
      results[name] = await callTool(name, args, {
        ...(name === 'trigger-long-running-operation' ? { onProgress: (p) => heard.progress.push(p) } : {}),
        ...(name === 'simulate-research-query' ? { onTaskStatus: (task) => heard.statuses.push(task) } : {}),
      });
    }),
  );
  for (const [name, { check }] of Object.entries(cases)) {
    expect(results[name]?.isError, `${name}: ${text(results[name] ?? {})}`).not.toBe(true);
    check(results[name]!, heard);
  }
}

/** The arguments of each prompt server-everything lists. */
export const PROMPT_ARGS: Record<string, Record<string, string>> = {
  'simple-prompt': {},
  'args-prompt': { city: 'Paris', state: 'Île-de-France' },
  'completable-prompt': { department: 'Engineering', name: 'Alice' },
  'resource-prompt': { resourceType: 'Text', resourceId: '3' },
};

export function checkPrompt(expect: Expect, name: string, result: GetPromptResult): void {
  expect(result.messages.length).toBeGreaterThan(0);
  if (name === 'args-prompt') expect(JSON.stringify(result.messages)).toContain('Paris');
  if (name === 'resource-prompt')
    expect(result.messages.some((message) => message.content.type === 'resource')).toBe(true);
}

export function checkResource(expect: Expect, uri: string, result: ReadResourceResult): void {
  expect(result.contents.length).toBeGreaterThan(0);
  expect(result.contents[0]?.uri).toBe(uri);
}
