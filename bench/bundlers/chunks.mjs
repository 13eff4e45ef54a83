// What a page loads first and what it fetches later, from any bundler's chunk graph.
import { gzipSync } from 'node:zlib';

export const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * `chunks`: { name, code (Buffer), isEntry, imports (names of chunks imported statically) }. The entry chunk and
 * everything it imports statically, directly or through another such chunk, load first (`initial`, measured as one
 * gzip stream, as the budgets do); every other chunk is fetched on demand through an `import()` (`lazy`, each
 * gzipped on its own, since each is its own request).
 */
export function splitInitial(chunks) {
  const byName = new Map(chunks.map((chunk) => [chunk.name, chunk]));
  const entry = chunks.find((chunk) => chunk.isEntry);
  if (!entry) throw new Error('the bundler produced no entry chunk');
  const initial = new Set([entry.name]);
  const pending = [entry.name];
  while (pending.length > 0) {
    for (const name of byName.get(pending.pop())?.imports ?? []) {
      if (initial.has(name) || !byName.has(name)) continue;
      initial.add(name);
      pending.push(name);
    }
  }
  return measured(
    chunks.filter((chunk) => initial.has(chunk.name)),
    chunks.filter((chunk) => !initial.has(chunk.name)),
  );
}

/** Sizes of a split already known (webpack marks its initial chunks itself). */
export function measured(initialChunks, lazyChunks) {
  const initial = Buffer.concat(initialChunks.map((chunk) => chunk.code));
  return {
    initialMinBytes: initial.length,
    initialGzipBytes: gzip(initial),
    lazyMinBytes: lazyChunks.reduce((sum, chunk) => sum + chunk.code.length, 0),
    lazyGzipBytes: lazyChunks.reduce((sum, chunk) => sum + gzip(chunk.code), 0),
    lazyChunks: lazyChunks.length,
  };
}

/** The chunks of a Rollup-shaped output (Rollup's, and Vite's through rolldown), for splitInitial. */
export function rollupChunks(output) {
  return output
    .filter((item) => item.type === 'chunk')
    .map((chunk) => ({
      name: chunk.fileName,
      code: Buffer.from(chunk.code),
      isEntry: chunk.isEntry,
      imports: chunk.imports,
    }));
}
