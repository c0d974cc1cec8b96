import { Failure, jsonReply, JSON_11, targetOperation, type FakeService } from '../protocol.js';

export const kms: FakeService = {
  protocol: 'json',
  operation: targetOperation,
  answer(ctx, call) {
    if (call.operation !== 'DescribeKey' && call.operation !== 'GetKeyRotationStatus')
      throw new Failure(400, 'UnknownOperationException');
    const key = ctx.account(call).kms?.[String(call.json['KeyId'])];
    if (key === undefined) throw new Failure(400, 'NotFoundException');
    return jsonReply(
      call.operation === 'DescribeKey'
        ? { KeyMetadata: key.metadata }
        : { KeyRotationEnabled: key.rotation === true },
      JSON_11,
    );
  },
};
