/**
 * `--save DIR`: the binary content of a result (images, audio, blob resources) written to files, one per item.
 * Names come from the resource's URI when it has one, else from the tool and the item's position, with an
 * extension from the MIME type; a server cannot pick a path (only a plain file name inside DIR is ever used)
 * and nothing is overwritten (`-2`, `-3`… are added instead).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors';

/** One binary item of a result: its data (base64) and what names it. */
export interface Binary {
  data: string;
  mimeType?: string;
  uri?: string;
}

const EXTENSIONS: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'image/svg+xml': '.svg',
  'audio/wav': '.wav',
  'audio/x-wav': '.wav',
  'audio/mpeg': '.mp3',
  'audio/ogg': '.ogg',
  'audio/webm': '.webm',
  'application/gzip': '.gz',
  'application/zip': '.zip',
  'application/pdf': '.pdf',
  'application/json': '.json',
  'text/plain': '.txt',
};
const MAX_NAME = 100;
const MAX_SUFFIX = 1_000;

/** A plain file name (no directory, no leading dot) from untrusted text. */
function safeName(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return cleaned.slice(-MAX_NAME);
}

function fileName(binary: Binary, fallback: string): string {
  const extension = EXTENSIONS[(binary.mimeType ?? '').split(';')[0]!.trim().toLowerCase()] ?? '.bin';
  const last = binary.uri?.split(/[/\\]/).filter(Boolean).at(-1);
  const fromUri = last ? safeName(decodeURIComponentSafe(last)) : '';
  if (fromUri) return /\.[A-Za-z0-9]{1,8}$/.test(fromUri) ? fromUri : `${fromUri}${extension}`;
  return `${safeName(fallback) || 'content'}${extension}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Writes `bytes` to `dir/name`, or `dir/name-2…` when taken; returns the path written. */
function writeNew(dir: string, name: string, bytes: Uint8Array): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; n <= MAX_SUFFIX; n += 1) {
    const path = join(dir, n === 1 ? name : `${stem}-${n}${extension}`);
    try {
      writeFileSync(path, bytes, { flag: 'wx' });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new UsageError(`Too many files named like ${name} in ${dir}`);
}

/** Writes each binary to a new file in `dir` (created if needed); returns the path of each, in order. */
export function saveBinaries(dir: string, stem: string, binaries: Binary[]): string[] {
  if (binaries.length === 0) return [];
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`--save ${dir}: cannot create the folder (${(error as Error).message})`);
  }
  return binaries.map((binary, index) =>
    writeNew(
      dir,
      fileName(binary, binaries.length === 1 ? stem : `${stem}-${index + 1}`),
      Buffer.from(binary.data, 'base64'),
    ),
  );
}
