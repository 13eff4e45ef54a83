/**
 * How a record is kept in Redis: JSON, and, when the store was given a key, sealed with AES-256-GCM
 * (node:crypto) whose additional data is the record's Redis key, so a sealed value copied under another user's
 * or server's key does not open. The format starts with its version, so it can change without guessing.
 *
 *   1.json.<JSON>                                  no key configured
 *   1.gcm.<key id>.<iv>.<ciphertext>.<tag>         base64url parts; key id = first 8 bytes of SHA-256 of the key
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ConfigError } from '../../core/errors';
import { TokenStoreError } from '../errors';

const PLAIN = '1.json.';
const SEALED = '1.gcm.';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export interface ValueCodec {
  encode(redisKey: string, value: unknown): string;
  decode(redisKey: string, text: string): unknown;
}

function keyBytes(key: string | Uint8Array): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
  if (bytes.length !== KEY_BYTES) {
    throw new ConfigError(
      `encryptionKey must be ${KEY_BYTES} bytes (a Uint8Array, or base64 text such as \`openssl rand -base64 32\` prints); got ${bytes.length}`,
    );
  }
  return bytes;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** A codec for `encryptionKey`, or plain JSON without one. */
export function valueCodec(encryptionKey: string | Uint8Array | undefined): ValueCodec {
  const key = encryptionKey === undefined ? undefined : keyBytes(encryptionKey);
  const keyId = key && createHash('sha256').update(key).digest().subarray(0, 8).toString('hex');
  const unreadable = (why: string) => new TokenStoreError(`A token store record cannot be read: ${why}`);
  return {
    encode(redisKey, value) {
      const json = JSON.stringify(value);
      if (!key) return `${PLAIN}${json}`;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(redisKey));
      const sealed = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
      return `${SEALED}${keyId}.${b64(iv)}.${b64(sealed)}.${b64(cipher.getAuthTag())}`;
    },
    decode(redisKey, text) {
      if (text.startsWith(PLAIN)) {
        // A plain record where records are sealed could have been planted: nothing vouches for it.
        if (key) throw unreadable('it is not encrypted, and this store encrypts (encryptionKey)');
        return JSON.parse(text.slice(PLAIN.length));
      }
      if (!text.startsWith(SEALED)) throw unreadable('unknown format (written by a newer mcp-use?)');
      if (!key) throw unreadable('it is encrypted, and this store was given no encryptionKey');
      const [id, iv, sealed, tag] = text.slice(SEALED.length).split('.');
      if (id !== keyId) throw unreadable('it was encrypted with another encryptionKey');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv ?? '', 'base64url'));
        decipher.setAAD(Buffer.from(redisKey));
        decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
        const json = Buffer.concat([
          decipher.update(Buffer.from(sealed ?? '', 'base64url')),
          decipher.final(),
        ]);
        return JSON.parse(json.toString('utf8'));
      } catch {
        throw unreadable('it does not open with this encryptionKey (altered, or moved from another key)');
      }
    },
  };
}
