import type * as Gax from 'google-gax';

type Root = ReturnType<typeof Gax.fallback.protobufFromJSON>;
type Json = Parameters<typeof Gax.fallback.protobufFromJSON>[0];

/**
 * The google-gax instance every client is made with (the clients' documented `gaxInstance` argument): google-gax
 * itself, with REST-fallback protobuf loading that keeps each package's root by the identity of its JSON
 * descriptor. gax caches roots by a hash of the whole descriptor (about 4 MB for Vertex AI), computed anew each
 * time a client is made, and a scan of 8 regions makes over 70 clients.
 */
let instance: Promise<typeof Gax> | undefined;

export function gaxInstance(): Promise<typeof Gax> {
  instance ??= import('google-gax').then((gax) => {
    const roots = new WeakMap<object, Root>();
    const rootOf = (json: Json): Root => {
      let root = roots.get(json);
      if (root === undefined) {
        root = gax.fallback.protobufFromJSON(json);
        roots.set(json, root);
      }
      return root;
    };
    class GrpcClient extends gax.fallback.GrpcClient {
      override loadProtoJSON(json: Json, ignoreCache = false): Root {
        return ignoreCache ? super.loadProtoJSON(json, true) : rootOf(json);
      }
    }
    const protobufFromJSON = (json: Json, ignoreCache = false): Root =>
      ignoreCache ? gax.fallback.protobufFromJSON(json, true) : rootOf(json);
    return { ...gax, fallback: { ...gax.fallback, GrpcClient, protobufFromJSON } };
  });
  return instance;
}
