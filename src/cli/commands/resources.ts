import type { Command } from 'commander';
import type { McpUseError } from '../../core/errors';
import type { ReadResourceResult } from '../../core/types';
import type { CliContext, DataCommandOptions } from '../context';
import { interruptible } from '../interrupt';
import { renderResource, saveResultFiles } from '../output/content';
import { whileWaiting } from '../output/spinner';
import { formatTable } from '../output/table';
import { parseCount } from '../parseInput';
import type { OpenedSession } from '../sessions/openSession';
import { dataOptions, examples, withSession } from './shared';

/** Reading a resource needs no list: the URI is the user's. */
const NO_LISTS = { lists: [] } as const;

export function listResources(ctx: CliContext, opened: OpenedSession, json: boolean): void {
  const { resources, resourceTemplates } = opened.session;
  if (json) {
    ctx.out.json({ resources, resourceTemplates });
    return;
  }
  if (resources.length === 0 && resourceTemplates.length === 0) {
    ctx.out.message(`${opened.name} has no resources.`);
    return;
  }
  const width = ctx.out.isTTY ? ctx.out.columns : undefined;
  const blocks: string[] = [];
  if (resources.length > 0) {
    blocks.push(
      formatTable(
        ['URI', 'NAME', 'MIME TYPE', 'DESCRIPTION'],
        resources.map((r) => [r.uri, r.name, r.mimeType ?? '', r.description ?? '']),
        width,
      ),
    );
  }
  if (resourceTemplates.length > 0) {
    blocks.push(
      formatTable(
        ['URI TEMPLATE', 'NAME', 'MIME TYPE', 'DESCRIPTION'],
        resourceTemplates.map((t) => [t.uriTemplate, t.name, t.mimeType ?? '', t.description ?? '']),
        width,
      ),
    );
  }
  ctx.out.data(blocks.join('\n\n'));
}

export interface ResourceFlags {
  json?: boolean;
  /** `--save DIR`: write binary contents to files there. */
  save?: string;
}

/** Prints a read: as JSON, or rendered with binary contents saved (`--save`) or described. */
function printRead(ctx: CliContext, uri: string, result: ReadResourceResult, flags: ResourceFlags): void {
  const saved = saveResultFiles(flags.save, uri, result.contents);
  if (flags.json) ctx.out.json(result);
  else ctx.out.data(renderResource(result, saved));
  for (const path of saved?.values() ?? []) if (!flags.json) ctx.out.message(`Saved ${path}`);
}

export async function readResource(
  ctx: CliContext,
  opened: OpenedSession,
  uri: string,
  flags: ResourceFlags,
): Promise<void> {
  const result = await whileWaiting(`Reading ${uri}…`, ctx.out.isErrTTY, () =>
    opened.session.readResource(uri),
  );
  printRead(ctx, uri, result, flags);
}

/** A watch that runs until stopped: each read printed as it comes (the first one as it is now). */
export interface RunningWatch {
  /** Resolves after the `count`-th read past the first, or rejects on the first failure. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Watches a resource (MCP `resources/subscribe`): prints it now and again after every update the server
 * announces. With --json each read is one line of JSON.
 */
export function watchResource(
  ctx: CliContext,
  opened: OpenedSession,
  uri: string,
  flags: ResourceFlags & { count?: number },
): RunningWatch {
  let reads = 0;
  let settle: { resolve: () => void; reject: (error: McpUseError) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const stop = opened.session.watchResource(
    uri,
    (result) => {
      if (reads > 0 && !flags.json) ctx.out.message(`--- ${uri} updated (${new Date().toISOString()})`);
      if (flags.json) ctx.out.data(JSON.stringify(result));
      else printRead(ctx, uri, result, flags);
      if (flags.count !== undefined && reads >= flags.count) settle?.resolve();
      reads += 1;
    },
    { onError: (error) => settle?.reject(error) },
  );
  return { done, stop };
}

/** `resources watch`: until Ctrl-C (a normal end here: exit 0), or `--count` updates. */
async function watchUntilStopped(
  ctx: CliContext,
  opened: OpenedSession,
  uri: string,
  flags: ResourceFlags & { count?: number },
): Promise<void> {
  const watch = watchResource(ctx, opened, uri, flags);
  if (!flags.json) ctx.out.message(`Watching ${uri} (Ctrl-C to stop)…`);
  try {
    await interruptible(ctx, `watching ${uri}`, (signal) =>
      Promise.race([
        watch.done,
        new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
      ]),
    );
  } finally {
    await watch.stop();
  }
}

export function registerResources(client: Command, ctx: CliContext): void {
  const resources = client.command('resources').description('list and read the resources of a session');
  examples(resources, [
    'mcp-use client resources list',
    'mcp-use client resources read test://greeting',
    'mcp-use client resources watch test://status',
  ]);

  examples(dataOptions(resources.command('list').description('list resources and resource templates')), [
    'mcp-use client resources list',
    'mcp-use client resources list --json',
  ]).action((options: DataCommandOptions) =>
    withSession(ctx, options, async (opened) => listResources(ctx, opened, options.json === true), {
      lists: ['resources', 'resourceTemplates'],
    }),
  );

  examples(
    dataOptions(
      resources.command('read').description('read a resource').argument('<uri>', 'resource URI'),
    ).option('--save <dir>', 'write binary contents to files in this folder'),
    [
      'mcp-use client resources read test://greeting',
      'mcp-use client resources read file:///notes.md --json',
      'mcp-use client resources read demo://resource/dynamic/blob/1 --save ./out',
    ],
  ).action((uri: string, options: DataCommandOptions & ResourceFlags) =>
    withSession(ctx, options, (opened) => readResource(ctx, opened, uri, options), NO_LISTS),
  );

  examples(
    dataOptions(
      resources
        .command('watch')
        .description('print a resource, then again whenever the server says it changed, until Ctrl-C')
        .argument('<uri>', 'resource URI'),
    )
      .option('--count <n>', 'stop after this many updates')
      .option('--save <dir>', 'write binary contents to files in this folder'),
    [
      'mcp-use client resources watch test://status',
      'mcp-use client resources watch test://status --count 1 --json',
    ],
  ).action((uri: string, options: DataCommandOptions & ResourceFlags & { count?: string }) => {
    const count = parseCount(options.count, '--count');
    return withSession(
      ctx,
      options,
      (opened) =>
        watchUntilStopped(ctx, opened, uri, {
          ...(options.json ? { json: true } : {}),
          ...(options.save !== undefined ? { save: options.save } : {}),
          ...(count !== undefined ? { count } : {}),
        }),
      // Updates come on the stream a server sends its own notifications on.
      { notifications: true, lists: [] },
    );
  });
}
