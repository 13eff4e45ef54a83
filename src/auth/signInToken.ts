/**
 * Follows the token each sign-in brings through its first uses. When the server refuses the tokens of two
 * sign-ins in a row before accepting anything with them, a third sign-in would bring the same kind of token (for
 * another audience, or the wrong kind of token): the session then stops with an error that names the settings,
 * instead of asking the user to sign in again and again. One such refusal is not enough: a token refused once
 * right after a sign-in (a clock that runs ahead, a server restarted) is refreshed or signed in for again as usual.
 */
import type { AuthLog } from './env';
import type { TokenRecord } from './types';

/** Uses within which a refusal counts: a connection may send two requests before the first answer arrives. */
const FIRST_USES = 2;
/** Sign-ins in a row whose token was refused that way, after which signing in again would not help. */
const REFUSED_SIGN_INS = 2;

export class SignInTokenWatch {
  #preparedAt: number | undefined;
  #token: { value: string; uses: number } | undefined;
  #refusedInARow = 0;

  /** A sign-in was prepared at `now`: the first token obtained from then on is its token. */
  prepared(now: number): void {
    this.#preparedAt = now;
  }

  /** Whether `record` is the latest sign-in's (obtained since it was prepared), before its bearer is sent. */
  isLatest(record: TokenRecord): boolean {
    return this.#preparedAt !== undefined && record.obtainedAt >= this.#preparedAt;
  }

  /** `bearer` of `record` is being sent. */
  handedOut(record: TokenRecord, bearer: string, log: AuthLog): void {
    if (this.isLatest(record)) {
      this.#preparedAt = undefined;
      // The previous sign-in's token outlived its first uses: the server accepted it.
      if (this.#token) this.#refusedInARow = 0;
      this.#token = { value: bearer, uses: 0 };
      if (!record.refreshToken) {
        log('warn', 'signed in without a refresh token: the user signs in again once it expires', {
          serverUrl: record.serverUrl,
          issuer: record.issuer,
          hint: 'some servers issue one only for extra authorization parameters (authorization_params), e.g. access_type=offline',
        });
      }
    }
    if (this.#token?.value === bearer) this.#token.uses += 1;
  }

  /**
   * The server refused `bearer`. True when it is the latest sign-in's token, refused within its first uses, and the
   * sign-in before it ended the same way.
   */
  refusedAgain(bearer: string): boolean {
    const fresh = this.#token;
    if (fresh?.value !== bearer || fresh.uses > FIRST_USES) return false;
    this.#token = undefined;
    this.#refusedInARow += 1;
    return this.#refusedInARow >= REFUSED_SIGN_INS;
  }

  forget(): void {
    this.#preparedAt = undefined;
    this.#token = undefined;
    this.#refusedInARow = 0;
  }
}
