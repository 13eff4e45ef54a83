// useMcp in Chromium against the protocol's reference server, @modelcontextprotocol/server-everything, over
// Streamable HTTP (its CORS lets a page in): every tool it lists is called — simulate-research-query, a
// required task, followed to its result, sampling answered by onSampling, forms and URLs by onElicitation —
// every resource read and prompt got; a task is started, listed and cancelled; and a component watches a
// resource, re-rendering on each update the server sends. One server process for the file.
import { StrictMode, useEffect, useState } from 'react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRoot, type Root } from 'react-dom/client';
import { commands } from 'vitest/browser';
import type { ReadResourceResult } from '../../src/core/types';
import { type UseMcpOptions, type UseMcpResult, useMcp } from '../../src/react';
import {
  answerElicitation,
  answerSampling,
  callEveryTool,
  checkPrompt,
  checkResource,
  newHeard,
  PROMPT_ARGS,
  ROOTS,
  toolCases,
} from '../support/everythingCalls';

const READY = { timeout: 15_000, interval: 50 };
const WATCHED = 'demo://resource/static/document/features.md';

interface Sink {
  current: UseMcpResult | undefined;
  reads: ReadResourceResult[];
}

/** A component that watches one resource the way an app would: in an effect, stopped on unmount. */
function Watcher(props: { mcp: UseMcpResult; uri: string; sink: Sink }) {
  const { mcp, uri, sink } = props;
  const [reads, setReads] = useState(0);
  useEffect(
    () =>
      mcp.watchResource(uri, (result) => {
        sink.reads.push(result);
        setReads((count) => count + 1);
      }),
    [mcp.watchResource, uri, sink],
  );
  return <output data-testid="reads">{reads}</output>;
}

function App(props: { options: UseMcpOptions; sink: Sink; watch: boolean }) {
  const mcp = useMcp(props.options);
  props.sink.current = mcp;
  return (
    <>
      <output>{mcp.state}</output>
      {props.watch ? <Watcher mcp={mcp} uri={WATCHED} sink={props.sink} /> : null}
    </>
  );
}

let url: string;
const heard = newHeard();
const sink: Sink = { current: undefined, reads: [] };
const options = (): UseMcpOptions => ({
  url,
  onElicitation: answerElicitation(heard),
  onSampling: answerSampling(heard),
  roots: ROOTS,
});

beforeAll(async () => {
  ({ url } = await commands.startEverythingServer('streamableHttp'));
});
let root: Root | undefined;
afterAll(async () => {
  root?.unmount();
  await commands.stopEverythingServers();
});

describe('useMcp on server-everything over Streamable HTTP', () => {
  const mcp = () => sink.current!;
  let opts: UseMcpOptions;
  // One tree for the whole file (the test renderer would unmount it after each test): one connection.
  const rerender = (watch: boolean) =>
    root?.render(
      <StrictMode>
        <App options={opts} sink={sink} watch={watch} />
      </StrictMode>,
    );

  beforeAll(async () => {
    opts = options();
    const container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    rerender(false);
    await vi.waitFor(() => expect(mcp().state, String(mcp().error?.message)).toBe('ready'), READY);
  });

  it('calls every tool it lists, simulate-research-query (a required task) included', async () => {
    const cases = toolCases(expect);
    expect(
      mcp()
        .tools.map((tool) => tool.name)
        .sort(),
    ).toEqual(Object.keys(cases).sort());
    await callEveryTool(expect, cases, (name, args, options) => mcp().callTool(name, args, options), heard);
  });

  it('reads every resource and gets every prompt it lists', async () => {
    for (const resource of mcp().resources)
      checkResource(expect, resource.uri, await mcp().readResource(resource.uri));
    expect(
      mcp()
        .prompts.map((prompt) => prompt.name)
        .sort(),
    ).toEqual(Object.keys(PROMPT_ARGS).sort());
    for (const prompt of mcp().prompts)
      checkPrompt(expect, prompt.name, await mcp().getPrompt(prompt.name, PROMPT_ARGS[prompt.name]));
  });

  it('starts a task without waiting for it, finds it in the list, and cancels it', async () => {
    const task = await mcp().startToolTask('simulate-research-query', { topic: 'tides' });
    expect((await mcp().listTasks()).map((listed) => listed.taskId)).toContain(task.taskId);
    expect((await mcp().cancelTask(task.taskId)).status).toBe('cancelled');
    expect((await mcp().getTask(task.taskId)).status).toBe('cancelled');
  });

  it('a component watches a resource: rendered now, and again on each update', async () => {
    rerender(true);
    await expect.poll(() => sink.reads.length, READY).toBeGreaterThan(0);
    const before = sink.reads.length;
    // This session's updates were toggled on by the first test: toggled off and on, one is sent at once.
    await mcp().callTool('toggle-subscriber-updates', {});
    await mcp().callTool('toggle-subscriber-updates', {});
    await expect.poll(() => sink.reads.length, READY).toBeGreaterThan(before);
    expect(sink.reads.at(-1)?.contents[0]?.uri).toBe(WATCHED);
    rerender(false); // unmounting the watcher stops the watch (and unsubscribes)
  });
});
