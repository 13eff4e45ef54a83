/**
 * The rule for an account name (several accounts of one user on one MCP server), in one place: `useMcp`'s
 * `account`, a configuration's `account` and the CLI's `--account` are all checked here.
 */
import { ConfigError } from '../core/errors';

/** What is wrong with a name that breaks the rule, and what to change, as messages say it after the field. */
export const ACCOUNT_NAME_PROBLEM =
  'is not a usable account name: use 1 to 64 characters (letters, digits and . _ - @ +) starting with a ' +
  'letter or digit, or leave it out for the default account';

// Printable and without separators, so a name reads the same in a store key, a lock name and a table.
const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;

export function isAccountName(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_NAME.test(value);
}

/** A name as a message may quote it: only when short and printable (it is the user's own text). */
export function shownAccount(value: unknown): string {
  return typeof value === 'string' && value.length <= 80 && /^[\x20-\x7e]*$/.test(value)
    ? JSON.stringify(value)
    : '';
}

/** The account, checked (ConfigError with `field` otherwise); undefined stands for the default account. */
export function checkedAccount(
  account: unknown,
  details: { serverUrl?: string; field?: string } = {},
): string | undefined {
  if (account === undefined || isAccountName(account)) return account;
  const field = details.field ?? 'account';
  const shown = shownAccount(account);
  throw new ConfigError(`${field} ${shown ? `${shown} ` : ''}${ACCOUNT_NAME_PROBLEM}`, { ...details, field });
}
