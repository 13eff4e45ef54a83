// `--save DIR`: the server names nothing on disk but a plain file inside DIR, and nothing is overwritten.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveBinaries } from '../../../src/cli/output/saveContent';

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-use-save-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('saving binary content', () => {
  it('names files after the URI or the tool, with an extension from the MIME type', () => {
    const dir = newDir();
    const paths = saveBinaries(join(dir, 'out'), 'get-tiny-image', [
      { data: base64('png'), mimeType: 'image/png' },
      { data: base64('wav'), mimeType: 'audio/wav' },
      { data: base64('gz'), mimeType: 'application/gzip', uri: 'demo://resource/session/note.txt.gz' },
      { data: base64('?'), mimeType: 'application/x-unknown' },
    ]);
    expect(paths.map((path) => path.slice(dir.length + 5))).toEqual([
      'get-tiny-image-1.png',
      'get-tiny-image-2.wav',
      'note.txt.gz',
      'get-tiny-image-4.bin',
    ]);
    expect(readFileSync(paths[0]!, 'utf8')).toBe('png');
  });

  it('keeps a name the server gives inside the folder: no directories, no dot files', () => {
    const dir = newDir();
    const paths = saveBinaries(dir, 'tool', [
      { data: base64('x'), uri: 'file:///../../etc/passwd' },
      { data: base64('y'), uri: 'demo://x/..%2F..%2F.bashrc' },
      { data: base64('z'), uri: 'demo://x/a\\..\\..\\evil.exe' },
    ]);
    expect(readdirSync(dir).sort()).toEqual(['bashrc.bin', 'evil.exe', 'passwd.bin'].sort());
    for (const path of paths) expect(path.startsWith(`${dir}/`)).toBe(true);
  });

  it('never writes over a file: -2, -3… are added', () => {
    const dir = newDir();
    writeFileSync(join(dir, 'image.png'), 'mine');
    const [first] = saveBinaries(dir, 'image', [{ data: base64('new'), mimeType: 'image/png' }]);
    const [second] = saveBinaries(dir, 'image', [{ data: base64('newer'), mimeType: 'image/png' }]);
    expect([first, second]).toEqual([join(dir, 'image-2.png'), join(dir, 'image-3.png')]);
    expect(readFileSync(join(dir, 'image.png'), 'utf8')).toBe('mine');
  });
});
