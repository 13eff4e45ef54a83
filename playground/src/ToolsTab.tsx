import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import type { UseMcpResult } from 'mcp-use/react';
import { McpApp } from 'mcp-use/react/apps';
import { useRef, useState } from 'react';
import { ResultView } from './ResultView';

type Tool = UseMcpResult['tools'][number];
type CallResult = Awaited<ReturnType<UseMcpResult['callTool']>>;

const SANDBOX = import.meta.env.VITE_SANDBOX_PROXY_URL as string | undefined;

const hasUi = (tool: Tool): boolean => {
  const meta = tool._meta as { ui?: { resourceUri?: unknown }; 'ui/resourceUri'?: unknown } | undefined;
  return typeof meta?.ui?.resourceUri === 'string' || typeof meta?.['ui/resourceUri'] === 'string';
};

/** The tools of a server, each with a form generated from its input schema. */
export function ToolsTab({ mcp }: { mcp: UseMcpResult }) {
  const [selected, setSelected] = useState<string>();
  if (mcp.state !== 'ready') return <p className="muted">Tools are listed once the server is connected.</p>;
  if (mcp.tools.length === 0) return <p className="muted">This server offers no tools.</p>;
  const tool = mcp.tools.find((item) => item.name === selected) ?? mcp.tools[0]!;
  return (
    <div className="split">
      <ul className="list" aria-label="Tools">
        {mcp.tools.map((item) => (
          <li key={item.name}>
            <button
              type="button"
              className="item"
              data-tool-name={item.name}
              aria-current={item.name === tool.name}
              onClick={() => setSelected(item.name)}
            >
              <strong>{item.title ?? item.name}</strong>
              {hasUi(item) ? <span className="tag">app</span> : null}
            </button>
          </li>
        ))}
      </ul>
      <ToolCall key={tool.name} mcp={mcp} tool={tool} />
    </div>
  );
}

function ToolCall({ mcp, tool }: { mcp: UseMcpResult; tool: Tool }) {
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [asJson, setAsJson] = useState(false);
  const [json, setJson] = useState('{}');
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<{ progress: number; total?: number; message?: string }>();
  const [result, setResult] = useState<CallResult>();
  const [failure, setFailure] = useState<string>();
  const [appInput, setAppInput] = useState<Record<string, unknown>>();
  const abort = useRef<AbortController>(undefined);

  async function call(args: Record<string, unknown>) {
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setProgress(undefined);
    setResult(undefined);
    setFailure(undefined);
    if (hasUi(tool) && SANDBOX) setAppInput(args);
    try {
      setResult(await mcp.callTool(tool.name, args, { signal: controller.signal, onProgress: setProgress }));
    } catch (error) {
      const { code } = error as { code?: string };
      setFailure(`${code ?? 'error'}: ${(error as Error).message}`);
    } finally {
      setRunning(false);
    }
  }

  function callWithJson() {
    try {
      const args = JSON.parse(json || '{}') as unknown;
      if (!args || typeof args !== 'object' || Array.isArray(args))
        throw new Error('arguments must be an object');
      void call(args as Record<string, unknown>);
    } catch (error) {
      setFailure(`invalid JSON: ${(error as Error).message}`);
    }
  }

  // `$schema` left out: servers declare draft 2020-12 or draft-07, and the validator checks either as draft-07,
  // which covers the keywords tool schemas use.
  const { $schema: _dialect, ...inputSchema } = tool.inputSchema as RJSFSchema;
  const schema = { type: 'object', ...inputSchema } as RJSFSchema;
  return (
    <div className="detail" data-tool={tool.name}>
      <h3>{tool.title ?? tool.name}</h3>
      {tool.description ? <p className="description">{tool.description}</p> : null}
      <label className="check">
        <input type="checkbox" checked={asJson} onChange={(event) => setAsJson(event.target.checked)} /> Edit
        the arguments as JSON
      </label>
      {asJson ? (
        <div className="json-args">
          <label htmlFor={`json-${tool.name}`}>Arguments (JSON)</label>
          <textarea
            id={`json-${tool.name}`}
            rows={5}
            value={json}
            onChange={(e) => setJson(e.target.value)}
          />
          <button type="button" className="primary" disabled={running} onClick={callWithJson}>
            Call {tool.name}
          </button>
        </div>
      ) : (
        <Form
          schema={schema}
          validator={validator}
          formData={formData}
          disabled={running}
          onChange={(event) => setFormData((event.formData ?? {}) as Record<string, unknown>)}
          onSubmit={(event) => void call((event.formData ?? {}) as Record<string, unknown>)}
        >
          <button type="submit" className="primary" disabled={running}>
            Call {tool.name}
          </button>
        </Form>
      )}
      {running ? (
        <div className="running" role="status">
          {progress ? (
            <>
              <progress value={progress.progress} max={progress.total ?? undefined} />
              <span>
                {progress.progress}
                {progress.total ? ` / ${progress.total}` : ''} {progress.message ?? ''}
              </span>
            </>
          ) : (
            <span>Running…</span>
          )}
          <button type="button" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        </div>
      ) : null}
      {failure ? (
        <p className="error" role="alert">
          {failure}
        </p>
      ) : null}
      {result ? <ResultView result={result} mcp={mcp} /> : null}
      {appInput && result && SANDBOX ? (
        <div className="app-frame">
          <h4>App</h4>
          <McpApp
            mcp={mcp}
            tool={tool.name}
            input={appInput}
            result={result}
            sandbox={SANDBOX}
            containerDimensions={{ maxHeight: 600 }}
            fallback={<p className="muted">Loading the app…</p>}
          />
        </div>
      ) : null}
    </div>
  );
}
