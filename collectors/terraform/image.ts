import { explicit, unknown, type Fact } from '../../src/model/index.js';
import { attributeName, isUnknownAt, str, unknownReason } from './attributes.js';
import type { TfResource } from './types.js';

/** A container image reference split into its parts: `[registry/]repository[:tag][@digest]`. */
export interface ImageRef {
  /** Registry host, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com`; `` for Docker Hub short names. */
  readonly registry: string;
  /** Path within the registry, e.g. `acme/chat` or `project/repo/image`. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function parseImage(image: string): ImageRef {
  const at = image.indexOf('@');
  const digest = at < 0 ? undefined : image.slice(at + 1);
  const name = at < 0 ? image : image.slice(0, at);
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  // Docker's rule: the first component is a registry when it looks like a host (a dot, a port or localhost).
  const hasRegistry = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  const path = hasRegistry ? name.slice(slash + 1) : name;
  const colon = path.lastIndexOf(':');
  const tag = colon < 0 ? undefined : path.slice(colon + 1);
  return {
    registry: hasRegistry ? first : '',
    repository: colon < 0 ? path : path.slice(0, colon),
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

const DIGEST = /^sha256:[0-9a-f]{64}$/i;

/**
 * Whether the image at `path` is pinned. A digest names one image for good; a tag (or no tag, which means
 * `latest`) is a pointer whoever can push to the repository can move, unless `immutableTags` says the repository
 * refuses that. Undefined when no image is set; unknown when the reference is not known.
 */
export function imagePinnedFact(
  r: TfResource,
  path: string,
  immutableTags?: (image: ImageRef) => Fact<boolean> | undefined,
): Fact<boolean> | undefined {
  const attribute = attributeName(path);
  if (isUnknownAt(r, path)) return unknown(attribute, unknownReason(r, path));
  const value = str(r, path);
  if (value === undefined || value === '') return undefined;
  return pinnedReference(value, attribute, immutableTags);
}

/** `imagePinnedFact` for a reference assembled from parts (a name and a tag attribute). */
export function pinnedReference(
  image: string,
  attribute: string,
  immutableTags?: (image: ImageRef) => Fact<boolean> | undefined,
): Fact<boolean> {
  const ref = parseImage(image);
  if (ref.digest !== undefined && DIGEST.test(ref.digest)) return explicit(true, attribute);
  const repository = immutableTags?.(ref);
  if (repository !== undefined && (repository.state === 'unknown' || repository.value)) return repository;
  return explicit(false, attribute);
}
