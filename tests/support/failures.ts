// The error a call fails with, as a value, so a test can assert its class and its typed fields one by one.
// Each fails the test when nothing fails: a test of a refusal must not pass because the refusal went missing.

/** The error `run` throws. */
export function failureOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

/** The error `promise` rejects with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
