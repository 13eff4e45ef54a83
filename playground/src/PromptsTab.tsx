import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import type { UseMcpResult } from 'mcp-use/react';
import { useState } from 'react';
import { ContentsView } from './ResultView';

type Prompt = UseMcpResult['prompts'][number];
type PromptResult = Awaited<ReturnType<UseMcpResult['getPrompt']>>;

/** A prompt's arguments as a JSON Schema, so they get the same generated form as tool arguments. */
function schemaOf(prompt: Prompt): RJSFSchema {
  const args = prompt.arguments ?? [];
  return {
    type: 'object',
    required: args.filter((arg) => arg.required).map((arg) => arg.name),
    properties: Object.fromEntries(
      args.map((arg) => [arg.name, { type: 'string', title: arg.name, description: arg.description }]),
    ),
  };
}

/** The server's prompts, each with a form for its arguments, and the messages it gives. */
export function PromptsTab({ mcp }: { mcp: UseMcpResult }) {
  const [selected, setSelected] = useState<string>();
  if (mcp.state !== 'ready') return <p className="muted">Prompts are listed once the server is connected.</p>;
  if (mcp.prompts.length === 0) return <p className="muted">This server offers no prompts.</p>;
  const prompt = mcp.prompts.find((item) => item.name === selected) ?? mcp.prompts[0]!;
  return (
    <div className="split">
      <ul className="list" aria-label="Prompts">
        {mcp.prompts.map((item) => (
          <li key={item.name}>
            <button
              type="button"
              className="item"
              data-prompt-name={item.name}
              aria-current={item.name === prompt.name}
              onClick={() => setSelected(item.name)}
            >
              <strong>{item.title ?? item.name}</strong>
            </button>
          </li>
        ))}
      </ul>
      <PromptView key={prompt.name} mcp={mcp} prompt={prompt} />
    </div>
  );
}

function PromptView({ mcp, prompt }: { mcp: UseMcpResult; prompt: Prompt }) {
  const [formData, setFormData] = useState<Record<string, string>>({});
  const [result, setResult] = useState<PromptResult>();
  const [failure, setFailure] = useState<string>();
  const get = (args: Record<string, string>) => {
    setFailure(undefined);
    mcp
      .getPrompt(prompt.name, args)
      .then(setResult, (error: Error & { code?: string }) =>
        setFailure(`${error.code ?? 'error'}: ${error.message}`),
      );
  };
  return (
    <div className="detail" data-prompt={prompt.name}>
      <h3>{prompt.title ?? prompt.name}</h3>
      {prompt.description ? <p className="description">{prompt.description}</p> : null}
      <Form
        schema={schemaOf(prompt)}
        validator={validator}
        formData={formData}
        onChange={(event) => setFormData((event.formData ?? {}) as Record<string, string>)}
        onSubmit={(event) => get((event.formData ?? {}) as Record<string, string>)}
      >
        <button type="submit" className="primary">
          Get {prompt.name}
        </button>
      </Form>
      {failure ? <p className="error">{failure}</p> : null}
      {result ? (
        <div className="result" data-testid="prompt-result">
          {result.description ? <p>{result.description}</p> : null}
          {result.messages.map((message, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: messages have no identity of their own
            <div key={index} className="message">
              <span className="tag">{message.role}</span>
              {message.content.type === 'text' ? (
                <pre>{message.content.text}</pre>
              ) : message.content.type === 'resource' ? (
                <ContentsView contents={message.content.resource} />
              ) : (
                <pre>{JSON.stringify(message.content, null, 2)}</pre>
              )}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
