/**
 * @module webhook
 * Verification of Stripe webhook deliveries (the `Stripe-Signature` header), delegated to the
 * official SDK (`Stripe.webhooks.constructEvent`): HMAC-SHA256 of `"{t}.{raw body}"` with the
 * endpoint's signing secret, compared in constant time with every `v1` signature of the header,
 * then the timestamp `t` checked against a tolerance (default 300 s) to limit replays.
 * Source: Stripe docs, "Check the webhook signatures" (https://docs.stripe.com/webhooks#verify-events).
 *
 * SDK failures are mapped to one typed error with a reason code, so the route can answer 400 and
 * log why without parsing messages itself.
 */
import Stripe from 'stripe';

/**
 * The verified, JSON-parsed body: a Stripe event as rendered with the endpoint's API version. The SDK
 * does not check its shape, and older API versions differ from the SDK's typings, so read it through
 * `interpretStripeEvent` (`./events.ts`), which checks every field it uses.
 */
export type StripeEvent = Stripe.Event;

/**
 * Why a delivery was refused:
 * - `missing_header`: no `Stripe-Signature` header, or an empty one;
 * - `malformed_header`: no integer `t=` timestamp or no `v1=` signature in it;
 * - `bad_signature`: no `v1` signature matches the body and secret (wrong secret, altered or
 *   re-serialised body, forged header, empty body);
 * - `timestamp_out_of_tolerance`: signature valid but `t` older than the tolerance (a replay or a
 *   very late retry).
 */
export type StripeSignatureFailure =
  | 'missing_header'
  | 'malformed_header'
  | 'bad_signature'
  | 'timestamp_out_of_tolerance';

/** Thrown by {@link verifyStripeSignature}; answer 400 and do not process the body. */
export class StripeSignatureError extends Error {
  override readonly name = 'StripeSignatureError';
  constructor(
    readonly reason: StripeSignatureFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Options of {@link verifyStripeSignature}. */
export interface VerifyStripeSignatureOptions {
  /** Maximum age of the signed timestamp, in seconds; default 300 (the SDK's and Stripe's). 0 disables the check. */
  toleranceSeconds?: number;
  /** Reception instant to measure the age from; default now. */
  now?: Date;
}

/** `t=<digits>` and at least one `v1=<something>` among the comma-separated items. */
function headerShapeProblem(header: string): string | null {
  const items = header.split(',').map((item) => item.trim());
  const timestamp = items.find((item) => item.startsWith('t='));
  if (!timestamp || !/^t=\d+$/.test(timestamp)) return 'no integer t= timestamp';
  if (!items.some((item) => /^v1=.+/.test(item))) return 'no v1= signature';
  return null;
}

/**
 * Verifies a webhook delivery and returns its parsed event.
 *
 * @param payload the raw request body, byte for byte as received (`await c.req.text()` or the
 *   Buffer); a re-serialised JSON never verifies.
 * @param header the `Stripe-Signature` header value.
 * @param secret the endpoint's signing secret (`whsec_…`).
 * @throws StripeSignatureError with its `reason` when the delivery must be refused.
 * @throws TypeError when `secret` is blank or `toleranceSeconds` is negative (configuration errors,
 *   not the sender's fault).
 * @throws SyntaxError when a correctly signed body is not JSON (never sent by Stripe).
 * @example
 * app.post('/stripe/webhook', async (c) => {
 *   const event = verifyStripeSignature(await c.req.text(), c.req.header('stripe-signature'), env.STRIPE_WEBHOOK_SECRET);
 *   const action = interpretStripeEvent(event);
 *   …
 * });
 */
export function verifyStripeSignature(
  payload: string | Buffer,
  header: string | undefined,
  secret: string,
  options: VerifyStripeSignatureOptions = {},
): StripeEvent {
  if (!secret || secret.trim() === '') throw new TypeError('the Stripe webhook signing secret is empty');
  const tolerance = options.toleranceSeconds ?? Stripe.webhooks.DEFAULT_TOLERANCE;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new TypeError('toleranceSeconds must be 0 or more');

  if (header === undefined || header.trim() === '')
    throw new StripeSignatureError('missing_header', 'the Stripe-Signature header is missing');
  const shapeProblem = headerShapeProblem(header);
  if (shapeProblem)
    throw new StripeSignatureError('malformed_header', `the Stripe-Signature header has ${shapeProblem}`);

  try {
    return Stripe.webhooks.constructEvent(
      payload,
      header,
      secret,
      tolerance,
      undefined,
      (options.now ?? new Date()).getTime(),
    );
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) throw error;
    const message = error.message;
    if (message.includes('Timestamp outside the tolerance zone'))
      throw new StripeSignatureError(
        'timestamp_out_of_tolerance',
        `the signature is older than ${tolerance} s`,
        {
          cause: error,
        },
      );
    if (message.includes('No stripe-signature header'))
      throw new StripeSignatureError('missing_header', 'the Stripe-Signature header is missing', {
        cause: error,
      });
    if (
      message.includes('Unable to extract timestamp') ||
      message.includes('No signatures found with expected scheme')
    )
      throw new StripeSignatureError('malformed_header', 'the Stripe-Signature header cannot be parsed', {
        cause: error,
      });
    throw new StripeSignatureError('bad_signature', 'no signature matches the payload and secret', {
      cause: error,
    });
  }
}

/**
 * Signs a payload like Stripe does, for tests: returns a `Stripe-Signature` header value
 * `t=<unix seconds>,v1=<hex HMAC-SHA256>` (SDK `Stripe.webhooks.generateTestHeaderString`).
 *
 * @param timestamp signing instant; default now.
 */
export function signStripePayload(payload: string, secret: string, timestamp: Date = new Date()): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    timestamp: Math.floor(timestamp.getTime() / 1000),
  });
}
