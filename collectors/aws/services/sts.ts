import type { AwsCredentialIdentity } from '@smithy/types';
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

/** Credentials of a role, read with the caller's credentials in scope. */
export async function assumeRole(
  rt: AwsRuntime,
  scope: Scope,
  roleArn: string,
  externalId: string | undefined,
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
    { resource: roleArn },
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
