import type { CollectRejection } from '@wxtpl/shared-types';

/** One item handed to {@link FormIdPool.ingest}: a formId and when the form was submitted. */
export interface IngestItem {
  formId: string;
  /** Epoch milliseconds; defaults to the pool's clock. */
  createdAt?: number;
}

/** What {@link FormIdPool.ingest} did: a `CollectResponse` plus the credits evicted by the cap. */
export interface IngestResult {
  accepted: string[];
  duplicates: string[];
  rejected: CollectRejection[];
  /** Credits stored earlier (or now) that the per-user cap pushed out. */
  evicted: string[];
}
