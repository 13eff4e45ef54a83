/** The fields of the discovery steps, taken from the metadata documents field by field. */
import type { AuthorizationServer, ResourceServer } from 'oauth4webapi';
import { definedFields } from '../core/definedFields';
import type { McpEventFieldMap } from '../core/events';
import type { ResolvedOAuthEnv } from './env';
import { emitStep } from './authEvents';
import type { DiscoveryRecord } from './types';

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;

export function resourceMetadataFields(
  url: string,
  metadata: ResourceServer,
): McpEventFieldMap['resource_metadata'] {
  return {
    url,
    ...definedFields({
      resource: metadata.resource,
      authorizationServers: strings(metadata.authorization_servers),
      scopesSupported: strings(metadata.scopes_supported),
    }),
  };
}

export function authorizationServerFields(
  url: string,
  metadata: AuthorizationServer,
): McpEventFieldMap['as_metadata'] {
  return {
    url,
    ...definedFields({
      issuer: metadata.issuer,
      authorizationEndpoint: metadata.authorization_endpoint,
      tokenEndpoint: metadata.token_endpoint,
      registrationEndpoint: metadata.registration_endpoint,
      codeChallengeMethods: strings(metadata.code_challenge_methods_supported),
      clientIdMetadataDocumentSupported:
        typeof metadata.client_id_metadata_document_supported === 'boolean'
          ? metadata.client_id_metadata_document_supported
          : undefined,
      scopesSupported: strings(metadata.scopes_supported),
    }),
  };
}

/** A discovery answered from the store: the steps it stands for, marked `cached` (no request was made). */
export function reportCachedDiscovery(record: DiscoveryRecord, env: ResolvedOAuthEnv): void {
  if (record.resourceMetadata && record.resourceMetadataUrl) {
    const fields = resourceMetadataFields(record.resourceMetadataUrl, record.resourceMetadata);
    emitStep(env, 'resource_metadata', { ...fields, cached: true });
  }
  const as = record.authorizationServer;
  const configured = record.source === 'configured';
  emitStep(env, 'as_metadata', { ...authorizationServerFields(as.issuer, as), cached: true, configured });
}

/** Authorization-server metadata given in the options (`authorizationServerMetadata`): used without a request. */
export function reportConfiguredMetadata(as: AuthorizationServer, env: ResolvedOAuthEnv): void {
  emitStep(env, 'as_metadata', { ...authorizationServerFields(as.issuer, as), configured: true });
}
