/**
 * A service believes no event it cannot verify. Each event travels as its producer signed it:
 * a compact JWS (RFC 7515) whose payload is the event's JSON, signed with the producer's own
 * Ed25519 key (EdDSA; header `kid` = the producer's name, `typ` = `integra-event+jws`). A
 * consumer verifies it with the public keys it trusts (the same ones it checks service tokens
 * with) and applies exactly the signed content, nothing read beside it. It refuses an event
 *   - that is not signed, or whose signature does not match the key its `kid` names;
 *   - signed by a key it does not trust;
 *   - signed by a service that does not own that type (PRODUCERS in contract.ts: booking.* only
 *     from bookings, conference.ended only from conferencing);
 *   - whose `source` is not the service that signed it.
 * Refused events are never recorded in the inbox: a forgery reusing a real event's id must not
 * make the real one look like a duplicate.
 */
import { CompactSign, compactVerify, errors as joseErrors, type CryptoKey } from 'jose';
import { z } from 'zod';
import { SUBGRAPHS, type SubgraphName } from '../../catalog.js';
import { SERVICE_SIGNATURE_ALGORITHM, type SigningKey } from '../identity/key-store.js';
import { EVENT_TYPES, PRODUCERS, type EventType, type IntegrationEvent } from './contract.js';

/** The JWS `typ` of a signed event: a service token (a JWT signed with the same key) is never taken for one. */
export const SIGNED_EVENT_TYPE = 'integra-event+jws';

/** An event and its signed form, which is what the transports carry. */
export type SignedEvent = IntegrationEvent & {
  /** The compact JWS of the event, as its producer signed it. */
  signed: string;
};

export const eventSchema = z.object({
  id: z.uuid(),
  type: z.enum(Object.values(EVENT_TYPES) as [EventType, ...EventType[]]),
  source: z.enum(SUBGRAPHS.map(({ name }) => name) as [SubgraphName, ...SubgraphName[]]),
  subject: z.string().min(1).max(1000),
  occurredAt: z.iso.datetime({ offset: true }),
  payload: z.record(z.string(), z.unknown()),
  // version-traceid-parentid-flags, as W3C Trace Context writes it.
  traceparent: z.string().regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/).optional(),
});

/** Why an event was not believed; the message says what a person would check. */
export class EventRefused extends Error {
  constructor(
    message: string,
    /** `not-trusted`: unsigned, or not its owner's signature; `not-an-event`: a trusted service signed something that is no event (a bug, not a forgery). */
    readonly kind: 'not-trusted' | 'not-an-event' = 'not-trusted',
  ) {
    super(message);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function signEvent(event: IntegrationEvent, key: SigningKey): Promise<SignedEvent> {
  const signed = await new CompactSign(encoder.encode(JSON.stringify(event)))
    .setProtectedHeader({ alg: SERVICE_SIGNATURE_ALGORITHM, kid: key.kid, typ: SIGNED_EVENT_TYPE })
    .sign(key.privateKey);
  return { ...event, signed };
}

export async function signEvents(events: IntegrationEvent[], key: SigningKey): Promise<SignedEvent[]> {
  return Promise.all(events.map((event) => signEvent(event, key)));
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The event `signed` carries, once its signature, signer and source hold; throws EventRefused otherwise. */
export async function verifySignedEvent(signed: unknown, trustedKeys: ReadonlyMap<string, CryptoKey>): Promise<IntegrationEvent> {
  if (typeof signed !== 'string' || !COMPACT_JWS.test(signed)) {
    throw new EventRefused('the event is not signed: each event must be its producer\'s compact JWS (header.payload.signature)');
  }
  let verified;
  try {
    verified = await compactVerify(signed, (header) => {
      const key = typeof header.kid === 'string' ? trustedKeys.get(header.kid) : undefined;
      if (!key) throw new EventRefused(`the event is signed by a key this service does not trust (kid ${JSON.stringify(header.kid ?? null)})`);
      return key;
    }, { algorithms: [SERVICE_SIGNATURE_ALGORITHM] });
  } catch (error) {
    if (error instanceof EventRefused) throw error;
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw new EventRefused('the event\'s signature does not match the key of the service it names: it was altered after signing, or signed by someone else');
    throw new EventRefused(`the event's signature cannot be read (${error instanceof joseErrors.JOSEError ? error.code : (error as Error).message})`);
  }
  const signer = verified.protectedHeader.kid as string;
  if (verified.protectedHeader.typ !== SIGNED_EVENT_TYPE) throw new EventRefused(`what ${signer} signed is not an event (typ ${JSON.stringify(verified.protectedHeader.typ ?? null)}, expected ${SIGNED_EVENT_TYPE})`);
  let content: unknown;
  try {
    content = JSON.parse(decoder.decode(verified.payload));
  } catch {
    throw new EventRefused(`the content ${signer} signed is not JSON`, 'not-an-event');
  }
  const parsed = eventSchema.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EventRefused(`the content ${signer} signed is not an event: ${['event', ...issue.path.map(String)].join('.')}: ${issue.message}`, 'not-an-event');
  }
  const event = parsed.data as IntegrationEvent;
  const owner = PRODUCERS[event.type];
  if (signer !== owner) throw new EventRefused(`${event.type} events come only from ${owner}, and event ${event.id} is signed by ${signer}`);
  if (event.source !== signer) throw new EventRefused(`event ${event.id} names ${event.source} as its source but is signed by ${signer}`);
  return event;
}
