/**
 * What the CLI answers when a server asks the user something in the middle of a call (MCP elicitation). A form
 * is asked field by field at the terminal (stdin: typed, or piped by a script); a URL is shown, and opened in
 * the browser only when it is http(s), a browser can be opened and the person at the terminal says so. Servers'
 * text reaches the terminal through Output only.
 */
import type {
  ElicitationContext,
  ElicitRequestFormParams,
  ElicitRequestURLParams,
  ElicitResult,
} from '../core/types';
import { canOpenBrowser, openBrowser } from '../node/oauth/openBrowser';
import type { CliContext } from './context';
import { oneLine } from './output/Output';

type Field = ElicitRequestFormParams['requestedSchema']['properties'][string];
type Value = string | number | boolean | string[];

/** Tries at one field before the form is given up (a script piping wrong answers must not loop). */
const ATTEMPTS = 3;

/** The choices of an enum field, as [value, label]. */
function choices(field: Field): [string, string][] | undefined {
  const f = field as {
    enum?: string[];
    enumNames?: string[];
    oneOf?: { const: string; title?: string }[];
    items?: { enum?: string[]; anyOf?: { const: string; title?: string }[] };
  };
  if (f.enum) return f.enum.map((value, index) => [value, f.enumNames?.[index] ?? value]);
  if (f.oneOf) return f.oneOf.map((option) => [option.const, option.title ?? option.const]);
  if (f.items?.enum) return f.items.enum.map((value) => [value, value]);
  if (f.items?.anyOf) return f.items.anyOf.map((option) => [option.const, option.title ?? option.const]);
  return undefined;
}

/** An answer typed for `field`, or an error message saying what is expected. */
function parseAnswer(field: Field, answer: string): { value: Value } | { problem: string } {
  const options = choices(field);
  const pick = (word: string) => {
    const index = Number(word);
    const byIndex = Number.isInteger(index) && index >= 1 ? options?.[index - 1]?.[0] : undefined;
    return byIndex ?? options?.find(([value, label]) => word === value || word === label)?.[0];
  };
  switch (field.type) {
    case 'boolean': {
      const yes = ['y', 'yes', 'true'].includes(answer.toLowerCase());
      const no = ['n', 'no', 'false'].includes(answer.toLowerCase());
      return yes || no ? { value: yes } : { problem: 'answer y or n' };
    }
    case 'number':
    case 'integer': {
      const value = Number(answer);
      if (answer === '' || Number.isNaN(value) || (field.type === 'integer' && !Number.isInteger(value)))
        return { problem: `a${field.type === 'integer' ? 'n integer' : ' number'} is expected` };
      return { value };
    }
    case 'array': {
      const picked = answer.split(',').map((word) => pick(word.trim()));
      return picked.every((value) => value !== undefined)
        ? { value: picked as string[] }
        : { problem: 'pick from the list, by number or value, separated by commas' };
    }
    default: {
      if (!options) return { value: answer };
      const value = pick(answer);
      return value !== undefined ? { value } : { problem: 'pick from the list, by number or value' };
    }
  }
}

function describeField(name: string, field: Field, required: boolean): string {
  const f = field as { title?: string; description?: string; default?: unknown };
  const parts = [field.type, required ? 'required' : 'optional'];
  if (f.default !== undefined) parts.push(`Enter for ${JSON.stringify(f.default)}`);
  else if (!required) parts.push('Enter to skip');
  const label = f.title && f.title !== name ? `${f.title} (${name})` : name;
  return `${label}${f.description ? ` — ${f.description}` : ''} [${parts.join(', ')}]`;
}

/** Asks a form field by field; `cancel` when stdin ends or an answer stays wrong. */
async function answerForm(
  ctx: CliContext,
  server: string,
  request: ElicitRequestFormParams,
): Promise<ElicitResult> {
  const { properties, required = [] } = request.requestedSchema;
  ctx.out.message(`${server} asks: ${oneLine(request.message)}`);
  ctx.out.message('(Ctrl-D cancels the whole form.)');
  const content: Record<string, Value> = {};
  for (const [name, field] of Object.entries(properties)) {
    const isRequired = required.includes(name);
    const hasDefault = (field as { default?: unknown }).default !== undefined;
    ctx.out.message(`  ${describeField(name, field, isRequired)}`);
    const list = choices(field);
    if (list)
      ctx.out.message(
        list
          .map(([value, label], i) => `    ${i + 1}. ${label}${label !== value ? ` (${value})` : ''}`)
          .join('\n'),
      );
    let settled = false;
    for (let attempt = 0; attempt < ATTEMPTS && !settled; attempt += 1) {
      const answer = await ctx.prompter.ask('  > ');
      if (answer === undefined) return { action: 'cancel' };
      const trimmed = answer.trim();
      // Left empty: the schema's default fills it in (the SDK applies it), or an optional field stays out.
      if (trimmed === '' && (hasDefault || !isRequired)) {
        settled = true;
        break;
      }
      const parsed = parseAnswer(field, trimmed);
      if ('value' in parsed) {
        content[name] = parsed.value;
        settled = true;
      } else ctx.out.message(`  ${parsed.problem}`);
    }
    if (!settled) {
      ctx.out.message(`No valid answer for ${name}: the form is cancelled.`);
      return { action: 'cancel' };
    }
  }
  return { action: 'accept', content };
}

const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

/**
 * A URL to visit. It is always shown; it is opened only for http(s), with a browser to open it in, after a yes
 * at the terminal (MCP: the client must not navigate without the user's consent). A server that refused a call
 * until the visit is done (`retry`) is waited for: its completion notice, or Enter.
 */
async function answerUrl(
  ctx: CliContext,
  server: string,
  request: ElicitRequestURLParams,
  context: ElicitationContext,
): Promise<ElicitResult> {
  ctx.out.message(`${server} asks you to open a page: ${oneLine(request.message)}`);
  ctx.out.message(`  ${request.url}`);
  if (isWebUrl(request.url) && ctx.prompter.interactive && canOpenBrowser(ctx.env)) {
    const answer = await ctx.prompter.ask('Open it in your browser? [Y/n] ');
    if (answer === undefined) return { action: 'cancel' };
    if (!/^n/i.test(answer.trim())) openBrowser(request.url, ctx.env);
  } else if (!isWebUrl(request.url)) {
    ctx.out.message('  (not an http(s) address: open it yourself if you trust it)');
  }
  if (!context.retry) return { action: 'accept' };
  ctx.out.message(`When you are done there, press Enter (the call is then sent again; Ctrl-D gives up).`);
  const stop = new AbortController();
  const typed = ctx.prompter
    .ask('', stop.signal)
    .then((answer) => (answer === undefined ? 'gave up' : 'done'));
  const completed = context.completed?.then(() => 'done' as const) ?? new Promise<never>(() => undefined);
  const outcome = await Promise.race([typed, completed]);
  stop.abort();
  return outcome === 'done' ? { action: 'accept' } : { action: 'cancel' };
}

/** The CLI's `onElicitation` for a session named `server`. */
export function elicitationHandler(ctx: CliContext, server: string) {
  return (request: ElicitRequestFormParams | ElicitRequestURLParams, context: ElicitationContext) =>
    request.mode === 'url'
      ? answerUrl(ctx, server, request, context)
      : answerForm(ctx, server, { ...request, mode: 'form' });
}
