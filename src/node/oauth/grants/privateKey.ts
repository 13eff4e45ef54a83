/**
 * The private key of a `private_key_jwt` client (RFC 7523 §2.2), read from its PEM file each time a token is
 * requested — never kept, logged or stored — and imported as the WebCrypto key oauth4webapi signs with.
 */
import { createPrivateKey, type KeyObject, webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PrivateKeyError } from '../errors';

/** The WebCrypto import parameters for a key of this kind (JWS algorithm in the comment). */
function importAlgorithm(key: KeyObject): RsaHashedImportParams | EcKeyImportParams | Algorithm | undefined {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }; // RS256
    case 'rsa-pss':
      return { name: 'RSA-PSS', hash: 'SHA-256' }; // PS256
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      const namedCurve = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }[curve ?? ''];
      return namedCurve ? { name: 'ECDSA', namedCurve } : undefined; // ES256/384/512
    }
    case 'ed25519':
      return { name: 'Ed25519' }; // EdDSA
    default:
      return undefined;
  }
}

export async function readPrivateKey(path: string): Promise<CryptoKey> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new PrivateKeyError(path, `cannot be read (${typeof code === 'string' ? code : 'error'})`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    // The parser's message may quote the file: not passed on.
    throw new PrivateKeyError(path, 'does not hold a PEM private key');
  }
  const algorithm = importAlgorithm(key);
  if (!algorithm) {
    throw new PrivateKeyError(
      path,
      `holds a ${key.asymmetricKeyType ?? 'unknown'} key, which cannot sign a client assertion (use RSA, EC P-256/384/521 or Ed25519)`,
    );
  }
  const der = key.export({ format: 'der', type: 'pkcs8' });
  return webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']) as Promise<CryptoKey>;
}
