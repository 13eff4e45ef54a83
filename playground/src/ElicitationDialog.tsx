import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import type { UseMcpOptions } from 'mcp-use/react';

type OnElicitation = NonNullable<UseMcpOptions['onElicitation']>;
export type ElicitRequest = Parameters<OnElicitation>[0];
export type ElicitAnswer = Awaited<ReturnType<OnElicitation>>;

export interface PendingElicitation {
  request: ElicitRequest;
  answer: (result: ElicitAnswer) => void;
}

/**
 * The server asks the user for input while a call runs: a form generated from its `requestedSchema`, or a URL to
 * open (shown as text and a link that opens in a new tab; never followed by the page itself).
 */
export function ElicitationDialog({ pending }: { pending: PendingElicitation }) {
  const { request, answer } = pending;
  const decline = (
    <>
      <button type="button" onClick={() => answer({ action: 'decline' })}>
        Decline
      </button>
      <button type="button" onClick={() => answer({ action: 'cancel' })}>
        Cancel
      </button>
    </>
  );
  return (
    <div className="elicitation" role="dialog" aria-label="The server asks for input">
      <h3>The server asks for input</h3>
      <p>{request.message}</p>
      {request.mode === 'url' ? (
        <>
          <p>
            <a href={request.url} target="_blank" rel="noopener noreferrer">
              {request.url}
            </a>
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => answer({ action: 'accept' })}>
              Accept
            </button>
            {decline}
          </div>
        </>
      ) : (
        <Form
          schema={withoutDialect(request.requestedSchema as RJSFSchema)}
          validator={validator}
          idPrefix="elicit"
          onSubmit={(event) =>
            answer({
              action: 'accept',
              content: (event.formData ?? {}) as Record<string, string | number | boolean>,
            })
          }
        >
          <div className="actions">
            <button type="submit" className="primary">
              Accept
            </button>
            {decline}
          </div>
        </Form>
      )}
    </div>
  );
}

function withoutDialect(schema: RJSFSchema): RJSFSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}
