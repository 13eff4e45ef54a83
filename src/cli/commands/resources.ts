import type { Command } from 'commander';
import type { CliContext, DataCommandOptions } from '../context';
import { renderResource } from '../output/content';
import { whileWaiting } from '../output/spinner';
import { formatTable } from '../output/table';
import type { OpenedSession } from '../sessions/openSession';
import { dataOptions, examples, withSession } from './shared';

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

export async function readResource(
  ctx: CliContext,
  opened: OpenedSession,
  uri: string,
  json: boolean,
): Promise<void> {
  const result = await whileWaiting(`Reading ${uri}…`, ctx.out.isErrTTY, () =>
    opened.session.readResource(uri),
  );
  if (json) ctx.out.json(result);
  else ctx.out.data(renderResource(result));
}

export function registerResources(client: Command, ctx: CliContext): void {
  const resources = client.command('resources').description('list and read the resources of a session');
  examples(resources, ['mcp-use client resources list', 'mcp-use client resources read test://greeting']);

  examples(dataOptions(resources.command('list').description('list resources and resource templates')), [
    'mcp-use client resources list',
    'mcp-use client resources list --json',
  ]).action((options: DataCommandOptions) =>
    withSession(ctx, options, async (opened) => listResources(ctx, opened, options.json === true)),
  );

  examples(
    dataOptions(resources.command('read').description('read a resource').argument('<uri>', 'resource URI')),
    [
      'mcp-use client resources read test://greeting',
      'mcp-use client resources read file:///notes.md --json',
    ],
  ).action((uri: string, options: DataCommandOptions) =>
    withSession(ctx, options, (opened) => readResource(ctx, opened, uri, options.json === true)),
  );
}
