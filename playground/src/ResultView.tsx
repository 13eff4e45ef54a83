import type { UseMcpResult } from 'mcp-use/react';
import { useState } from 'react';

type CallResult = Awaited<ReturnType<UseMcpResult['callTool']>>;
type Block = CallResult['content'][number];
type Contents = Awaited<ReturnType<UseMcpResult['readResource']>>['contents'][number];

/** A data: URL for base64 content of a media type the browser shows itself (images and audio only). */
const dataUrl = (mimeType: string, base64: string) => `data:${mimeType};base64,${base64}`;
const SAFE_MEDIA = /^(image\/(png|jpeg|gif|webp)|audio\/(wav|x-wav|mpeg|mp3|ogg|webm|mp4|aac|flac))$/;

/** One resource's contents: text as text, images and audio as media, any other blob by its size. */
export function ContentsView({ contents }: { contents: Contents }) {
  const mimeType = contents.mimeType ?? '';
  return (
    <div className="contents">
      <p className="muted">
        <code>{contents.uri}</code> {mimeType}
      </p>
      {'text' in contents ? (
        <pre>{contents.text}</pre>
      ) : SAFE_MEDIA.test(mimeType) && mimeType.startsWith('image/') ? (
        <img src={dataUrl(mimeType, contents.blob)} alt={contents.uri} />
      ) : SAFE_MEDIA.test(mimeType) ? (
        // biome-ignore lint/a11y/useMediaCaption: server audio has no captions to offer
        <audio controls src={dataUrl(mimeType, contents.blob)} />
      ) : (
        <p>Binary, {Math.round((contents.blob.length * 3) / 4)} bytes</p>
      )}
    </div>
  );
}

function BlockView({ block, mcp }: { block: Block; mcp: UseMcpResult }) {
  const [read, setRead] = useState<Contents[]>();
  switch (block.type) {
    case 'text':
      return <pre className="block text">{block.text}</pre>;
    case 'image':
      return SAFE_MEDIA.test(block.mimeType) ? (
        <img className="block" src={dataUrl(block.mimeType, block.data)} alt="Tool result" />
      ) : (
        <p className="block">Image of type {block.mimeType}</p>
      );
    case 'audio':
      return SAFE_MEDIA.test(block.mimeType) ? (
        // biome-ignore lint/a11y/useMediaCaption: server audio has no captions to offer
        <audio className="block" controls src={dataUrl(block.mimeType, block.data)} />
      ) : (
        <p className="block">Audio of type {block.mimeType}</p>
      );
    case 'resource':
      return (
        <div className="block resource">
          <span className="tag">embedded resource</span>
          <ContentsView contents={block.resource} />
        </div>
      );
    case 'resource_link':
      return (
        <div className="block resource-link">
          <span className="tag">resource link</span> <strong>{block.name}</strong> <code>{block.uri}</code>
          {block.description ? <p className="muted">{block.description}</p> : null}
          <button
            type="button"
            onClick={() =>
              void mcp.readResource(block.uri).then(
                (result) => setRead(result.contents),
                () => setRead([]),
              )
            }
          >
            Read
          </button>
          {read?.map((contents) => (
            <ContentsView key={contents.uri} contents={contents} />
          ))}
        </div>
      );
    default:
      return <pre className="block">{JSON.stringify(block, null, 2)}</pre>;
  }
}

/** A tool result by content type, its structured content, and whether the tool reported an error. */
export function ResultView({ result, mcp }: { result: CallResult; mcp: UseMcpResult }) {
  return (
    <div className={`result${result.isError ? ' is-error' : ''}`} data-testid="tool-result">
      <h4>{result.isError ? 'Tool error' : 'Result'}</h4>
      {result.content.map((block, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a result's blocks have no identity of their own
        <BlockView key={index} block={block} mcp={mcp} />
      ))}
      {result.structuredContent !== undefined ? (
        <div className="block structured">
          <span className="tag">structured content</span>
          <pre>{JSON.stringify(result.structuredContent, null, 2)}</pre>
        </div>
      ) : null}
      <details className="raw">
        <summary>Raw result (JSON)</summary>
        <pre data-testid="raw-result">{JSON.stringify(result, null, 2)}</pre>
      </details>
    </div>
  );
}
