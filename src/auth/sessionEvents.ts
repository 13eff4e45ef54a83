/**
 * The fields of the session's own sign-in steps (`unauthorized`, `token`, `refresh`), taken from records and
 * challenges field by field, so that nothing else from them reaches an event.
 */
import { definedFields } from '../core/definedFields';
import type { McpEventFieldMap } from '../core/events';
import type { StepOutcome } from './authEvents';
import { RefreshError } from './errors';
import type { RefreshOutcome } from './refreshUnderLock';
import type { TokenRecord } from './types';
import type { BearerChallenge } from './wwwAuthenticate';

export function unauthorizedFields(
  serverUrl: string,
  challenge: BearerChallenge | undefined,
): McpEventFieldMap['unauthorized'] {
  return {
    serverUrl,
    ...definedFields({
      error: challenge?.error,
      scope: challenge?.scope,
      resourceMetadata: challenge?.resourceMetadata,
    }),
  };
}

export function tokenFields(record: TokenRecord): McpEventFieldMap['token'] {
  return definedFields({
    issuer: record.issuer,
    tokenType: record.tokenType,
    scope: record.scope,
    expiresIn:
      record.expiresAt === undefined ? undefined : Math.round((record.expiresAt - record.obtainedAt) / 1000),
    refreshToken: record.refreshToken !== undefined,
  });
}

interface StepReporter {
  report(type: 'refresh', fields: McpEventFieldMap['refresh'], outcome?: StepOutcome): void;
}

/** The `refresh` step for a refresh that ran to an outcome (one that threw is reported by the caller). */
export function refreshStep(
  session: StepReporter,
  serverUrl: string,
  result: RefreshOutcome,
  { started, rotated }: { started: number; rotated: boolean | undefined },
): void {
  switch (result.outcome) {
    case 'refreshed':
      session.report(
        'refresh',
        { outcome: 'refreshed', ...(rotated === undefined ? {} : { rotated }) },
        { started, status: 200 },
      );
      return;
    case 'reused':
      session.report('refresh', { outcome: 'reused' }, { started });
      return;
    case 'refused':
      session.report(
        'refresh',
        { outcome: 'refused' },
        { started, error: new RefreshError(`Refresh token refused (${result.oauthError})`, { serverUrl }) },
      );
      return;
    default:
      // Nothing to refresh with: no request was made, and the caller asks for a sign-in.
      return;
  }
}
