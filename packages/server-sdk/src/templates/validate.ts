import {
  InvalidArgumentError,
  PAGE_SIZE_MAX,
  type PageRequest,
  TEMPLATE_KEYWORDS_MAX,
} from '@wxtpl/shared-types';

/** Checks `{ offset, count }` of a paginated endpoint and returns exactly those two fields. */
export function checkPage(page: unknown): PageRequest {
  if (typeof page !== 'object' || page === null) {
    throw new InvalidArgumentError('expected { offset, count }', 'page');
  }
  const { offset, count } = page as Partial<PageRequest>;
  if (!Number.isSafeInteger(offset) || (offset as number) < 0) {
    throw new InvalidArgumentError(
      `offset must be an integer ≥ 0, got ${JSON.stringify(offset)}`,
      'offset',
    );
  }
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > PAGE_SIZE_MAX) {
    throw new InvalidArgumentError(
      `count must be an integer from 1 to ${PAGE_SIZE_MAX}, got ${JSON.stringify(count)}`,
      'count',
    );
  }
  return { offset: offset as number, count: count as number };
}

/** Checks a title id (`AT0002`) or template_id: a non-empty string without spaces around it. */
export function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.trim() !== value) {
    throw new InvalidArgumentError(
      `${field} must be a non-empty string without surrounding spaces, got ${JSON.stringify(value)}`,
      field,
    );
  }
  return value;
}

/** Checks the keyword ids of a template to add: 1 to 10 distinct positive integers. */
export function checkKeywordIds(value: unknown): number[] {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError('keywordIds must be an array of keyword ids', 'keywordIds');
  }
  if (value.length < 1 || value.length > TEMPLATE_KEYWORDS_MAX) {
    throw new InvalidArgumentError(
      `a template combines 1 to ${TEMPLATE_KEYWORDS_MAX} keywords, got ${value.length}`,
      'keywordIds',
    );
  }
  const seen = new Set<number>();
  value.forEach((id, index) => {
    if (!Number.isSafeInteger(id) || id < 1) {
      throw new InvalidArgumentError(
        `keyword ids are positive integers, got ${JSON.stringify(id)}`,
        `keywordIds[${index}]`,
      );
    }
    if (seen.has(id)) {
      throw new InvalidArgumentError(`keyword id ${id} appears twice`, `keywordIds[${index}]`);
    }
    seen.add(id);
  });
  return [...value];
}
