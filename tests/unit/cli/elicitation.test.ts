// What the CLI answers a server that asks the user something: forms asked field by field, URLs shown (opened
// only for http(s), with a yes), and a refused call's URL waited for. The terminal is scripted; the browser is
// never opened here (no graphical session in the environment).
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src/cli/context';
import { elicitationHandler } from '../../../src/cli/elicitation';
import { ExitCode } from '../../../src/cli/errors';
import { Interrupts } from '../../../src/cli/interrupt';
import { SessionsFile } from '../../../src/cli/sessions/sessionsFile';
import type { ElicitRequestFormParams } from '../../../src/core/types';

function terminal(answers: (string | undefined)[], interactive = false) {
  const messages: string[] = [];
  const asked: string[] = [];
  const ctx: CliContext = {
    out: {
      data: (text) => messages.push(text),
      message: (text) => messages.push(text),
      json: (value) => messages.push(JSON.stringify(value)),
      prompt: (text) => messages.push(text),
      isTTY: false,
      isErrTTY: false,
      columns: 80,
    },
    sessions: new SessionsFile('/nonexistent/sessions.json'),
    env: { MCP_USE_NO_BROWSER: '1' },
    // Nothing here reads a secret from stdin.
    stdin: process.stdin,
    exitCode: ExitCode.ok,
    interrupts: new Interrupts(),
    interactive,
    prompter: {
      interactive,
      ask: async (question) => {
        asked.push(question);
        return answers.shift();
      },
      close: () => undefined,
    },
  };
  return { ctx, messages, asked, answer: elicitationHandler(ctx, 'srv') };
}

const FORM: ElicitRequestFormParams = {
  message: 'Tell us',
  requestedSchema: {
    type: 'object',
    properties: {
      name: { type: 'string', title: 'Name' },
      agree: { type: 'boolean' },
      count: { type: 'integer', default: 3 },
      pet: {
        type: 'string',
        oneOf: [
          { const: 'cat', title: 'Cats' },
          { const: 'dog', title: 'Dogs' },
        ],
      },
      tools: { type: 'array', items: { type: 'string', enum: ['saw', 'drill', 'hammer'] } },
    },
    required: ['name', 'pet'],
  },
};

describe('a form the server asks for', () => {
  it('is asked field by field, choices by number or value, lists by commas', async () => {
    const { answer, messages } = terminal(['Ada', 'yes', '', '2', 'saw, 3']);
    expect(await answer(FORM, { retry: false })).toEqual({
      action: 'accept',
      content: { name: 'Ada', agree: true, pet: 'dog', tools: ['saw', 'hammer'] },
    });
    expect(messages).toContain('srv asks: Tell us');
    expect(messages).toContain('    1. Cats (cat)\n    2. Dogs (dog)');
  });

  it('asks again after a wrong answer, and gives up after three', async () => {
    const retried = terminal(['Ada', 'maybe', 'n', '', 'cat', '']);
    expect(await retried.answer(FORM, { retry: false })).toMatchObject({
      action: 'accept',
      content: { agree: false },
    });
    expect(retried.messages).toContain('  answer y or n');
    const wrong = terminal(['Ada', '', '', 'x', 'y', 'z']);
    expect(await wrong.answer(FORM, { retry: false })).toEqual({ action: 'cancel' });
  });

  it('is cancelled when stdin ends, or a required field is left empty three times', async () => {
    expect(await terminal(['Ada', undefined]).answer(FORM, { retry: false })).toEqual({ action: 'cancel' });
    expect(await terminal(['', '', '']).answer(FORM, { retry: false })).toEqual({ action: 'cancel' });
  });
});

describe('a URL the server asks the user to open', () => {
  const url = (href: string) => ({
    mode: 'url' as const,
    url: href,
    message: 'Please go',
    elicitationId: 'e1',
  });

  it('is shown and accepted, never opened without a browser; other schemes get a warning', async () => {
    const web = terminal([], true);
    expect(await web.answer(url('https://example.com/ok'), { retry: false })).toEqual({ action: 'accept' });
    expect(web.messages).toEqual(['srv asks you to open a page: Please go', '  https://example.com/ok']);
    expect(web.asked).toEqual([]); // no browser to open: no question
    const other = terminal([]);
    await other.answer(url('javascript:alert(1)'), { retry: false });
    expect(other.messages).toContain('  (not an http(s) address: open it yourself if you trust it)');
  });

  it('waits for Enter, or the server saying it is done, before a refused call is sent again', async () => {
    expect(await terminal(['']).answer(url('https://example.com'), { retry: true })).toEqual({
      action: 'accept',
    });
    const completed = terminal([]); // stdin ended, but the server says the visit is complete
    const never = new Promise<string | undefined>(() => undefined);
    completed.ctx.prompter.ask = () => never;
    expect(
      await completed.answer(url('https://example.com'), { retry: true, completed: Promise.resolve() }),
    ).toEqual({ action: 'accept' });
    expect(await terminal([undefined]).answer(url('https://example.com'), { retry: true })).toEqual({
      action: 'cancel',
    });
  });
});
