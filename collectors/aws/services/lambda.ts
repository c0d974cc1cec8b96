import { byDefault, explicit, unknown, type Facts } from '../../../src/model/index.js';
import { hasPlaintextSecret } from '../../terraform/aws/compute.js';
import { arn, fromApi, unknownFacts } from '../facts.js';
import type { LiveInventory } from '../inventory.js';
import type { AwsRuntime, Scope } from '../runtime.js';
import { keyArn } from './sagemaker.js';

/**
 * Lambda functions and their function URLs, with the facts of the Terraform Lambda mapper: a function is
 * internet-reachable through a function URL, which authenticates callers only with AuthType AWS_IAM. Environment
 * variable values are read only to decide plaintextSecrets; they are never stored.
 */
export async function collectLambda(rt: AwsRuntime, inv: LiveInventory, scope: Scope): Promise<void> {
  const sdk = await import('@aws-sdk/client-lambda');
  const client = rt.client(scope, 'lambda', (c) => new sdk.LambdaClient(c));
  const listed = await rt.list(
    scope,
    'lambda:ListFunctions',
    (Marker) => client.send(new sdk.ListFunctionsCommand({ Marker, MaxItems: 50 })),
    (p) => ({ items: p.Functions, next: p.NextMarker }),
  );
  await Promise.all(
    listed.items.map(async (f) => {
      if (f.FunctionName === undefined) return;
      const name = f.FunctionName;
      const id = f.FunctionArn ?? arn('lambda', scope.region, scope.account.id, `function:${name}`);
      const url = await rt.call(
        scope,
        'lambda:GetFunctionUrlConfig',
        () => client.send(new sdk.GetFunctionUrlConfigCommand({ FunctionName: name })),
        { resource: id, absent: ['ResourceNotFoundException'] },
      );
      const exposure: Facts = url.ok
        ? {
            internetReachable: explicit(true, 'GetFunctionUrlConfig'),
            requiresAuthentication: explicit(
              url.value.AuthType === 'AWS_IAM',
              'GetFunctionUrlConfig.AuthType',
            ),
            authMethod: explicit(
              url.value.AuthType === 'AWS_IAM' ? 'IAM' : 'NONE',
              'GetFunctionUrlConfig.AuthType',
            ),
          }
        : url.absent === true
          ? {
              internetReachable: byDefault(false, 'GetFunctionUrlConfig'),
              requiresAuthentication: byDefault(true, 'GetFunctionUrlConfig'),
              authMethod: byDefault('IAM', 'GetFunctionUrlConfig'),
            }
          : {
              ...unknownFacts(
                ['internetReachable', 'requiresAuthentication'],
                'GetFunctionUrlConfig',
                url.message,
              ),
              authMethod: unknown('GetFunctionUrlConfig', url.message),
            };
      const subnets = f.VpcConfig?.SubnetIds ?? [];
      inv.asset(scope, {
        id,
        kind: 'function',
        nativeType: 'AWS::Lambda::Function',
        name,
        facts: {
          ...exposure,
          privateNetwork: explicit(subnets.length > 0, 'ListFunctions.VpcConfig.SubnetIds'),
          plaintextSecrets: hasPlaintextSecret(f.Environment?.Variables ?? {})
            ? explicit(true, 'ListFunctions.Environment.Variables')
            : byDefault(false, 'ListFunctions.Environment.Variables'),
          ...(f.PackageType === 'Image'
            ? { imagePinned: unknown('GetFunction.Code.ImageUri', 'not read by the live AWS collector yet') }
            : {}),
        },
      });
      if (f.Role !== undefined) inv.flow('assume-identity', id, f.Role, fromApi(id, 'ListFunctions', 'Role'));
      const key = keyArn(scope, f.KMSKeyArn);
      if (key !== undefined) inv.flow('encrypt-with', id, key, fromApi(id, 'ListFunctions', 'KMSKeyArn'));
      for (const s of subnets)
        inv.flow(
          'network',
          id,
          arn('ec2', scope.region, scope.account.id, `subnet/${s}`),
          fromApi(id, 'ListFunctions', 'VpcConfig.SubnetIds'),
        );
    }),
  );
  rt.progress(`${scope.account.id} ${scope.region}: Lambda read`);
}
