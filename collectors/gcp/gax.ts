import type * as Gax from 'google-gax';

/**
 * The google-gax instance every client is made with (the clients' documented `gaxInstance` argument): google-gax
 * itself, with a REST-fallback GrpcClient that keeps each package's protobuf root by the identity of its JSON
 * descriptor. gax caches roots by a hash of the whole descriptor (about 4 MB for Vertex AI), computed anew for each
 * client: about 250 ms a client, and a scan of 8 regions makes over 70 clients.
 */
let instance: Promise<typeof Gax> | undefined;

export function gaxInstance(): Promise<typeof Gax> {
  instance ??= import('google-gax').then((gax) => {
    const roots = new WeakMap<object, ReturnType<Gax.fallback.GrpcClient['loadProtoJSON']>>();
    class GrpcClient extends gax.fallback.GrpcClient {
      override loadProtoJSON(
        json: Parameters<Gax.fallback.GrpcClient['loadProtoJSON']>[0],
        ignoreCache = false,
      ) {
        if (ignoreCache) return super.loadProtoJSON(json, true);
        let root = roots.get(json);
        if (root === undefined) {
          root = super.loadProtoJSON(json);
          roots.set(json, root);
        }
        return root;
      }
    }
    return { ...gax, fallback: { ...gax.fallback, GrpcClient } };
  });
  return instance;
}
