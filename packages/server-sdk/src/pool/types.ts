import type { CollectRejection } from '@wxtpl/shared-types';

/** One item handed to {@link CreditPool.ingest}: a formId and when the form was submitted. */
export interface IngestItem {
  formId: string;
  /** Epoch milliseconds; defaults to the pool's clock. */
  createdAt?: number;
}

/** What {@link CreditPool.ingest} did: a `CollectResponse` plus the credits evicted by the cap. */
export interface IngestResult {
  accepted: string[];
  duplicates: string[];
  rejected: CollectRejection[];
  /** Credits stored earlier (or now) that the per-user cap pushed out. */
  evicted: string[];
}

/** What {@link CreditPool.acceptSubscriptions} did, by template id. */
export interface AcceptResult {
  /** A new credit each. */
  added: string[];
  /** The other report of an acceptance already counted: no new credit. */
  paired: string[];
  /** This very report was recorded before. */
  duplicates: string[];
  /** Long-term acceptances the user already held. */
  held: string[];
  /** Refused by a per-user bound (`maxTemplatesPerUser`, `maxAcceptancesPerTemplate`). */
  capped: string[];
}
