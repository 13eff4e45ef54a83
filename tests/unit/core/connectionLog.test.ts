import { describe, expect, it } from 'vitest';
import { ConnectionLog, MAX_LOG_ENTRIES } from '../../../src/core/connectionLog';
import type { McpEvent } from '../../../src/core/events';
import type { LogEntry } from '../../../src/core/types';

describe('ConnectionLog', () => {
  it('sends every entry to onLog and to each receiver until it is removed', () => {
    const seen: string[] = [];
    const heard: string[] = [];
    const log = new ConnectionLog({
      onLog: (e) => seen.push(e.message),
      keep: false,
      onKept: () => undefined,
    });
    const remove = log.listen(() => ({ onLog: (e) => heard.push(e.message) }));
    log.write('info', 'one');
    remove();
    log.write('warn', 'two');
    expect(seen).toEqual(['one', 'two']);
    expect(heard).toEqual(['one']);
  });

  it('hands the sign-in events to the receivers that want them, read when each event comes', () => {
    const log = new ConnectionLog({ keep: false, onKept: () => undefined });
    const heard: string[] = [];
    let onEvent: ((event: McpEvent) => void) | undefined;
    log.listen(() => ({ onEvent }));
    log.listen(() => ({}));
    log.event({ type: 'callback', at: 1, fields: { outcome: 'success' } });
    onEvent = (event) => heard.push(event.type);
    log.event({ type: 'token', at: 2, fields: {} });
    expect(heard).toEqual(['token']);
  });

  it('keeps a bounded ring only when asked to', () => {
    let kept: readonly LogEntry[] = [];
    const log = new ConnectionLog({ keep: true, onKept: (entries) => (kept = entries) });
    for (let i = 0; i < MAX_LOG_ENTRIES + 5; i += 1) log.write('debug', `m${i}`);
    expect(kept).toHaveLength(MAX_LOG_ENTRIES);
    expect(kept[0]?.message).toBe('m5');
    expect(kept.at(-1)?.message).toBe(`m${MAX_LOG_ENTRIES + 4}`);

    let calls = 0;
    new ConnectionLog({ keep: false, onKept: () => (calls += 1) }).write('info', 'x');
    expect(calls).toBe(0);
  });
});
