import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsRuntime, CallResult, Scope } from '../runtime.js';

/** The account of the credentials in scope. */
export async function callerAccount(rt: AwsRuntime, scope: Scope): Promise<CallResult<string>> {
  const sdk = await import('@aws-sdk/client-sts');
  const client = rt.client(scope, 'sts', (c) => new sdk.STSClient(c));
  const got = await rt.call(scope, 'sts:GetCallerIdentity', () =>
    client.send(new sdk.GetCallerIdentityCommand({})),
  );
  if (!got.ok) return got;
  const account = got.value.Account ?? '';
  return /^\d{12}$/.test(account)
    ? { ok: true, value: account }
    : { ok: false, code: 'InvalidIdentity', message: 'GetCallerIdentity returned no account id' };
}

/** Credentials this close to their expiry are renewed (the SDK's own margin). */
const REFRESH_MS = 5 * 60 * 1000;

/**
 * Credentials of a role, read with the caller's credentials in scope, as a provider that assumes the role again
 * when they come within five minutes of expiry: a scan may outlast a role session. The first AssumeRole is made
 * here, so a role that cannot be assumed is known before the scan starts.
 */
export async function assumeRole(
  rt: AwsRuntime,
  scope: Scope,
  roleArn: string,
  externalId: string | undefined,
): Promise<CallResult<AwsCredentialIdentityProvider>> {
  const first = await assumeOnce(rt, scope, roleArn, externalId);
  if (!first.ok) return first;
  let current = first.value;
  let renewing: Promise<AwsCredentialIdentity> | undefined;
  const provider: AwsCredentialIdentityProvider = () => {
    const left = current.expiration === undefined ? Infinity : current.expiration.getTime() - Date.now();
    if (left > REFRESH_MS) return Promise.resolve(current);
    renewing ??= assumeOnce(rt, scope, roleArn, externalId, true).then((got) => {
      renewing = undefined;
      // A failed renewal leaves the old credentials; the calls they fail become coverage notes.
      if (got.ok) current = got.value;
      return current;
    });
    return renewing;
  };
  return { ok: true, value: provider };
}

async function assumeOnce(
  rt: AwsRuntime,
  scope: Scope,
  roleArn: string,
  externalId: string | undefined,
  renewal = false,
): Promise<CallResult<AwsCredentialIdentity>> {
  const sdk = await import('@aws-sdk/client-sts');
  const client = rt.client(scope, 'sts', (c) => new sdk.STSClient(c));
  const got = await rt.call(
    scope,
    'sts:AssumeRole',
    () =>
      client.send(
        new sdk.AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'threatgraph-scan',
          ...(externalId === undefined ? {} : { ExternalId: externalId }),
        }),
      ),
    renewal ? { resource: roleArn, unbounded: true } : { resource: roleArn },
  );
  if (!got.ok) return got;
  const c = got.value.Credentials;
  if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined)
    return { ok: false, code: 'InvalidCredentials', message: 'AssumeRole returned no credentials' };
  return {
    ok: true,
    value: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken === undefined ? {} : { sessionToken: c.SessionToken }),
      ...(c.Expiration === undefined ? {} : { expiration: c.Expiration }),
    },
  };
}
