import { clear, createStore } from 'idb-keyval';
import { IDB_DATABASE_NAME, IDB_STORE_NAME } from '../../../src/browser/idbStore';

/** Empties the IndexedDB store the OAuth engine uses, so each test starts signed out. */
export async function clearAuthStorage(): Promise<void> {
  await clear(createStore(IDB_DATABASE_NAME, IDB_STORE_NAME));
}
