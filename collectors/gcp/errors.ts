/**
 * What a failed Google API call says, whichever transport made it: gRPC errors carry a numeric gRPC code and
 * `reason` (from google.rpc.ErrorInfo); over the REST fallback (google-gax 5) they are GaxiosErrors whose `code`
 * is the HTTP status and whose message is the JSON error body.
 */
export interface ApiFailure {
  /** The canonical status name (PERMISSION_DENIED, RESOURCE_EXHAUSTED, ...) or `Http<status>`. */
  readonly status: string;
  /** The ErrorInfo reason when there is one (SERVICE_DISABLED, IAM_PERMISSION_DENIED). */
  readonly reason?: string;
  readonly denied: boolean;
  /** The call was retried until the retries ran out: `status` is that of the last attempt. */
  readonly retried?: boolean;
}

/** gRPC codes and the HTTP statuses Google maps them to (google.rpc.Code). */
const GRPC: Readonly<Record<number, string>> = {
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};
const HTTP: Readonly<Record<number, string>> = {
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};
/** Retried: RESOURCE_EXHAUSTED and UNAVAILABLE as gRPC codes and as the HTTP statuses of the REST fallback. */
export const RETRY_CODES = [8, 14, 429, 503];

const IDENTIFIER = /^[A-Za-z][\w.-]{0,63}$/;

/**
 * gax gives up on a retried call with DEADLINE_EXCEEDED and the last error in its message: as the JSON body
 * (REST) or as `<code> <STATUS>: ...` (gRPC).
 */
const GAVE_UP = /^Exceeded maximum number of retries/;
const LAST_STATUS = /"status":\s*"([A-Z_]+)"|retrying error \S*:? ?\d+ ([A-Z_]+):/;

export function failureOf(error: unknown): ApiFailure {
  const e = (error ?? {}) as { code?: unknown; reason?: unknown; message?: unknown };
  if (typeof e.message === 'string' && GAVE_UP.test(e.message)) {
    const m = LAST_STATUS.exec(e.message);
    const status = m?.[1] ?? m?.[2] ?? 'DEADLINE_EXCEEDED';
    return { status, denied: false, retried: true };
  }
  const body = bodyOf(e.message);
  let status: string | undefined = typeof body?.status === 'string' ? body.status : undefined;
  if (status === undefined && typeof e.code === 'number')
    status = e.code >= 100 ? (HTTP[e.code] ?? `Http${String(e.code)}`) : GRPC[e.code];
  if (status === undefined || !IDENTIFIER.test(status)) status = 'UNKNOWN';
  const reason = typeof e.reason === 'string' ? e.reason : reasonOf(body?.details);
  return {
    status,
    ...(reason !== undefined && IDENTIFIER.test(reason) ? { reason } : {}),
    denied: status === 'PERMISSION_DENIED',
  };
}

interface ErrorBody {
  readonly status?: unknown;
  readonly details?: unknown;
}

/** The `error` object of a JSON error body the REST fallback puts in the message. */
function bodyOf(message: unknown): ErrorBody | undefined {
  if (typeof message !== 'string' || !message.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(message) as { error?: unknown };
    return typeof parsed.error === 'object' && parsed.error !== null ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

function reasonOf(details: unknown): string | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const d of details) {
    const x = d as { '@type'?: unknown; reason?: unknown } | null;
    if (x?.['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo' && typeof x.reason === 'string')
      return x.reason;
  }
  return undefined;
}
