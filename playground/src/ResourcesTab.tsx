import type { UseMcpResult } from 'mcp-use/react';
import { type FormEvent, useState } from 'react';
import { ContentsView } from './ResultView';

type Contents = Awaited<ReturnType<UseMcpResult['readResource']>>['contents'][number];

/** `{name}` placeholders of an RFC 6570 template (simple and reserved expansion, which is what servers use). */
const variablesOf = (template: string) =>
  [...template.matchAll(/\{[+#./;?&]?([^}]+)\}/g)].flatMap((match) => (match[1] ?? '').split(','));

function expand(template: string, values: Record<string, string>): string {
  return template.replace(/\{([+#]?)([^}]+)\}/g, (_, operator: string, names: string) =>
    names
      .split(',')
      .map((name) => (operator ? (values[name] ?? '') : encodeURIComponent(values[name] ?? '')))
      .join(','),
  );
}

/** The server's resources and templates; any one read on demand. */
export function ResourcesTab({ mcp }: { mcp: UseMcpResult }) {
  const [read, setRead] = useState<{ uri: string; contents?: Contents[]; error?: string }>();
  if (mcp.state !== 'ready')
    return <p className="muted">Resources are listed once the server is connected.</p>;

  const open = (uri: string) => {
    setRead({ uri });
    mcp.readResource(uri).then(
      (result) => setRead({ uri, contents: result.contents }),
      (error: Error & { code?: string }) =>
        setRead({ uri, error: `${error.code ?? 'error'}: ${error.message}` }),
    );
  };

  return (
    <div className="split">
      <div className="list-column">
        <h3>Resources</h3>
        {mcp.resources.length === 0 ? <p className="muted">None.</p> : null}
        <ul className="list" aria-label="Resources">
          {mcp.resources.map((resource) => (
            <li key={resource.uri}>
              <button
                type="button"
                className="item"
                data-uri={resource.uri}
                aria-current={read?.uri === resource.uri}
                onClick={() => open(resource.uri)}
              >
                <strong>{resource.title ?? resource.name}</strong>
                <code>{resource.uri}</code>
              </button>
            </li>
          ))}
        </ul>
        <h3>Templates</h3>
        {mcp.resourceTemplates.length === 0 ? <p className="muted">None.</p> : null}
        {mcp.resourceTemplates.map((template) => (
          <TemplateForm key={template.uriTemplate} template={template} onRead={open} />
        ))}
      </div>
      <div className="detail" aria-live="polite">
        {read ? (
          <>
            <h3>{read.uri}</h3>
            {read.error ? <p className="error">{read.error}</p> : null}
            {!read.error && !read.contents ? <p className="muted">Reading…</p> : null}
            {read.contents?.map((contents, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: contents may repeat a URI
              <ContentsView key={index} contents={contents} />
            ))}
          </>
        ) : (
          <p className="muted">Pick a resource to read it.</p>
        )}
      </div>
    </div>
  );
}

function TemplateForm({
  template,
  onRead,
}: {
  template: UseMcpResult['resourceTemplates'][number];
  onRead: (uri: string) => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onRead(expand(template.uriTemplate, values));
  };
  return (
    <form className="template" onSubmit={submit} aria-label={`Template ${template.name}`}>
      <strong>{template.title ?? template.name}</strong> <code>{template.uriTemplate}</code>
      {variablesOf(template.uriTemplate).map((name) => (
        <label key={name}>
          {name}
          <input
            value={values[name] ?? ''}
            required
            onChange={(event) => setValues({ ...values, [name]: event.target.value })}
          />
        </label>
      ))}
      <button type="submit">Read</button>
    </form>
  );
}
