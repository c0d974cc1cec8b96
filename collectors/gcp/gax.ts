import type * as Gax from 'google-gax';

type Root = ReturnType<typeof Gax.fallback.protobufFromJSON>;
type Json = Parameters<typeof Gax.fallback.protobufFromJSON>[0];

/**
 * The google-gax instance every client is made with (the clients' documented `gaxInstance` argument): google-gax
 * itself, with REST-fallback protobuf loading that keeps each package's root by the identity of its JSON
 * descriptor. gax caches roots by a hash of the whole descriptor (about 4 MB for Vertex AI), computed anew each
 * time a client is made, and a scan of 8 regions makes over 70 clients. Path templates are kept likewise, by their
 * text: each Vertex AI client parses about 100 of them when it is made (over 40% of its making, 2 to 3 ms of CPU
 * a client on the bench machine), the same for every region, and a parsed template is never changed after.
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
    const templates = new Map<string, Gax.PathTemplate>();
    const PathTemplate = new Proxy(gax.PathTemplate, {
      construct(target, args: unknown[]): Gax.PathTemplate {
        const text = String(args[0]);
        let template = templates.get(text);
        if (template === undefined) {
          template = new target(text);
          templates.set(text, template);
        }
        return template;
      },
    });
    return { ...gax, PathTemplate, fallback: { ...gax.fallback, GrpcClient, protobufFromJSON } };
  });
  return instance;
}
