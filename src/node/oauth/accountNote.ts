import type { SignInPrompt } from './NodeOAuth';

/**
 * ` with your account "work"`, for a prompt of a named account: the user picks that account in the browser. In a
 * module of its own, so that the CLI's prompt text loads no OAuth engine.
 */
export function accountNote(prompt: Pick<SignInPrompt, 'account'>): string {
  return prompt.account === undefined ? '' : ` with your account ${JSON.stringify(prompt.account)}`;
}
