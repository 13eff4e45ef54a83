// client_secret_basic (RFC 6749 §2.3.1) form-encodes id and secret. oauth4webapi's ClientSecretBasic also
// percent-encodes the unreserved "-_.!~*'()" characters, so `pre-registered-client` goes out as
// `pre%2Dregistered%2Dclient`: servers that compare the Basic username without form-decoding it (the
// conformance suite's, and others) refuse the client. application/x-www-form-urlencoded leaves "-._*" as they are.
import { oauthClient } from '../../../src/auth/clientAuthentication';
import { verdict } from './support';

const { client, auth } = oauthClient({
  clientId: 'pre-registered-client',
  clientSecret: 'pre-registered-secret',
  tokenEndpointAuthMethod: 'client_secret_basic',
  source: 'preregistered',
});
const headers = new Headers();
await auth({ issuer: 'http://127.0.0.1' }, client, new URLSearchParams(), headers);
const sent = atob((headers.get('authorization') ?? '').replace(/^Basic /, ''));
verdict(sent === 'pre-registered-client:pre-registered-secret', `Basic credentials sent: ${sent}`);
