// What each grant of a server entry needs, checked when the configuration is loaded: client credentials a
// pre-registered client and one way to authenticate it; a private key only for them.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/node/config/validateConfig';

const entry = (auth: Record<string, unknown>) => ({
  mcpServers: { machine: { url: 'https://mcp.example.com/mcp', auth } },
});

function messageOf(auth: Record<string, unknown>): string {
  try {
    validateConfig(entry(auth));
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
}

describe('grant settings', () => {
  it.each([
    [{ grant: 'device_code' }],
    [{ device_code_fallback: true }],
    [{ grant: 'client_credentials', client_id: 'job', client_secret: 's' }],
    [{ grant: 'client_credentials', client_id: 'job', private_key_file: '/keys/job.pem' }],
  ])('accepts %j', (auth) => {
    expect(messageOf(auth)).toBe('accepted');
  });

  it.each([
    [
      { grant: 'password' },
      'mcpServers.machine.auth.grant must be one of "authorization_code", "device_code", "client_credentials"',
    ],
    [{ grant: 'client_credentials', client_secret: 's' }, 'needs a pre-registered client_id'],
    [{ grant: 'client_credentials', client_id: 'job' }, 'needs client_secret or private_key_file'],
    [
      { grant: 'client_credentials', client_id: 'job', client_secret: 's', private_key_file: '/k.pem' },
      'sets both client_secret and private_key_file',
    ],
    [{ private_key_file: '/k.pem' }, 'sets private_key_file, which only grant "client_credentials" uses'],
    [{ grant: 'device_code', device_code_fallback: true }, 'which always uses a device code'],
    [{ device_code_fallback: 'yes' }, 'device_code_fallback must be true or false'],
  ])('refuses %j', (auth, message) => {
    expect(messageOf(auth)).toContain(message);
  });
});
