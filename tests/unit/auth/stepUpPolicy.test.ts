import { describe, expect, it } from 'vitest';
import { MAX_SCOPES } from '../../../src/auth/scope';
import { decideStepUp, MAX_STEP_UP_ATTEMPTS, type StepUpDecision } from '../../../src/auth/stepUpPolicy';

const none = new Map<string, number>();
const scopes = (count: number, prefix = 's') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('decideStepUp', () => {
  it('asks for the held scopes plus the required ones, held first, as the first attempt', () => {
    expect(decideStepUp({ currentScope: 'mcp:tools', requiredScope: 'mcp:admin', attempts: none })).toEqual({
      outcome: 'ask',
      scope: 'mcp:tools mcp:admin',
      scopeSet: 'mcp:admin mcp:tools',
      attempts: 1,
    });
  });

  it('adds nothing twice when the required scope is already held, or only partly new', () => {
    expect(decideStepUp({ currentScope: 'a b', requiredScope: 'b', attempts: none })).toMatchObject({
      scope: 'a b',
    });
    expect(decideStepUp({ currentScope: 'a b', requiredScope: 'b c', attempts: none })).toMatchObject({
      scope: 'a b c',
    });
  });

  it('asks for the required scope alone when none is held, and for the held one when none is named', () => {
    expect(decideStepUp({ currentScope: undefined, requiredScope: 'x', attempts: none })).toMatchObject({
      outcome: 'ask',
      scope: 'x',
    });
    expect(decideStepUp({ currentScope: 'y', requiredScope: undefined, attempts: none })).toMatchObject({
      outcome: 'ask',
      scope: 'y',
    });
    expect(decideStepUp({ currentScope: undefined, requiredScope: undefined, attempts: none })).toMatchObject(
      {
        outcome: 'ask',
        scope: '',
      },
    );
  });

  it(`may grow the union to exactly ${MAX_SCOPES} scopes, and not one more`, () => {
    const held = scopes(MAX_SCOPES - 1).join(' ');
    expect(decideStepUp({ currentScope: held, requiredScope: 'last', attempts: none })).toMatchObject({
      outcome: 'ask',
    });
    expect(decideStepUp({ currentScope: held, requiredScope: 'last extra', attempts: none })).toEqual({
      outcome: 'exhausted',
      reason: 'too_many_scopes',
      scopeCount: MAX_SCOPES + 1,
    });
  });

  it('counts the union, not the required scopes alone, against the cap', () => {
    const decision = decideStepUp({
      currentScope: scopes(15, 'held').join(' '),
      requiredScope: scopes(6, 'new').join(' '),
      attempts: none,
    });
    expect(decision).toMatchObject({ outcome: 'exhausted', reason: 'too_many_scopes', scopeCount: 21 });
  });

  it(`asks ${MAX_STEP_UP_ATTEMPTS} times for one scope set, then gives up with the count`, () => {
    expect(
      decideStepUp({ currentScope: 'a', requiredScope: 'b', attempts: new Map([['a b', 1]]) }),
    ).toMatchObject({ outcome: 'ask', attempts: 2 });
    expect(
      decideStepUp({
        currentScope: 'a',
        requiredScope: 'b',
        attempts: new Map([['a b', MAX_STEP_UP_ATTEMPTS]]),
      }),
    ).toEqual({ outcome: 'exhausted', reason: 'too_many_attempts', attempts: MAX_STEP_UP_ATTEMPTS });
  });

  it('stops a server that keeps refusing after exactly MAX_STEP_UP_ATTEMPTS asks', () => {
    const attempts = new Map<string, number>();
    const decisions: StepUpDecision[] = [];
    for (let i = 0; i < MAX_STEP_UP_ATTEMPTS + 2; i++) {
      const decision = decideStepUp({ currentScope: 'read', requiredScope: 'write', attempts });
      decisions.push(decision);
      if (decision.outcome === 'ask') attempts.set(decision.scopeSet, decision.attempts);
    }
    expect(decisions.map((d) => d.outcome)).toEqual(['ask', 'ask', 'exhausted', 'exhausted']);
  });

  it('counts attempts per scope set: a wider union starts again at one', () => {
    const attempts = new Map([['a b', MAX_STEP_UP_ATTEMPTS]]);
    expect(decideStepUp({ currentScope: 'a b', requiredScope: 'c', attempts })).toMatchObject({
      outcome: 'ask',
      scopeSet: 'a b c',
      attempts: 1,
    });
  });

  it('treats the same scopes in another order as the same set (RFC 6749 §3.3)', () => {
    const attempts = new Map([['a b', MAX_STEP_UP_ATTEMPTS]]);
    expect(decideStepUp({ currentScope: 'b', requiredScope: 'a', attempts })).toMatchObject({
      outcome: 'exhausted',
      reason: 'too_many_attempts',
    });
  });

  it('checks the scope cap before the attempts', () => {
    const many = scopes(MAX_SCOPES + 1);
    const attempts = new Map([[[...many].sort().join(' '), MAX_STEP_UP_ATTEMPTS]]);
    expect(decideStepUp({ currentScope: undefined, requiredScope: many.join(' '), attempts })).toMatchObject({
      reason: 'too_many_scopes',
    });
  });

  it('leaves the attempts it is given untouched (the caller records the decision)', () => {
    const attempts = new Map([['a', 1]]);
    decideStepUp({ currentScope: 'a', requiredScope: 'a', attempts });
    expect([...attempts]).toEqual([['a', 1]]);
  });
});
