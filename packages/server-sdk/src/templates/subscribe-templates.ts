import {
  InvalidArgumentError,
  PUB_TITLES_LIMIT_MAX,
  type PubTemplateKeywordsResponse,
  type PubTemplateTitle,
  type PubTemplateTitlesResponse,
  SCENE_DESC_MAX_LENGTH,
  SUBSCRIBE_KEYWORDS_MAX,
  SUBSCRIBE_KEYWORDS_MIN,
  type SubscribeCategoryResponse,
  type SubscribeTemplateAddResponse,
  type SubscribeTemplateDeleteResponse,
  type SubscribeTemplateListResponse,
} from '@wxtpl/shared-types';
import { Endpoints } from '../http/endpoints.js';
import type { CallOptions, RequestPipeline } from '../http/pipeline.js';
import { checkId } from './validate.js';
import { LIBRARY_MAX_ITEMS, type WalkOptions, walkPages } from './walk.js';

/** One page of public titles: in which categories, from where, how many (1..30). */
export interface SubscribeTitlesQuery {
  categoryIds: readonly number[];
  start: number;
  limit: number;
}

/**
 * `client.subscribe.templates`: the six `/wxaapi/newtmpl/*` calls — the account's categories,
 * the public titles and their keywords, and the account's own subscribe templates.
 */
export class SubscribeTemplatesApi {
  readonly #pipeline: RequestPipeline;

  /** @internal */
  constructor(pipeline: RequestPipeline) {
    this.#pipeline = pipeline;
  }

  /** The account's categories (`getcategory`). */
  async categories(options?: CallOptions): Promise<SubscribeCategoryResponse> {
    return this.#pipeline.call(Endpoints.subscribeCategories, {}, options);
  }

  /** One page of public titles in the given categories (`getpubtemplatetitles`, `limit` ≤ 30). */
  async titles(
    query: SubscribeTitlesQuery,
    options?: CallOptions,
  ): Promise<PubTemplateTitlesResponse> {
    const { categoryIds, start, limit } = checkTitlesQuery(query);
    return this.#pipeline.call(
      Endpoints.subscribeTitles,
      { query: { ids: categoryIds.join(','), start, limit } },
      options,
    );
  }

  /** Every public title of the categories, page after page of 30. */
  allTitles(
    categoryIds: readonly number[],
    options: WalkOptions = {},
  ): AsyncGenerator<PubTemplateTitle, void, undefined> {
    return walkPages(
      PUB_TITLES_LIMIT_MAX,
      (start) => this.titles({ categoryIds, start, limit: PUB_TITLES_LIMIT_MAX }, options),
      (page) => ({ list: page.data ?? [], total: page.count }),
      options,
      { maxItems: LIBRARY_MAX_ITEMS, path: Endpoints.subscribeTitles.path },
    );
  }

  /** The keywords of a public title (`getpubtemplatekeywords`): `kid`, `name`, `example`, `rule`. */
  async keywords(tid: number, options?: CallOptions): Promise<PubTemplateKeywordsResponse> {
    return this.#pipeline.call(
      Endpoints.subscribeKeywords,
      { query: { tid: checkPositive(tid, 'tid') } },
      options,
    );
  }

  /**
   * Adds a title to the account with 2 to 5 of its keywords, in the order they appear
   * (`addtemplate`); resolves with the `priTmplId`.
   */
  async add(
    tid: number,
    kidList: readonly number[],
    sceneDesc?: string,
    options?: CallOptions,
  ): Promise<SubscribeTemplateAddResponse> {
    const body: { tid: number; kidList: number[]; sceneDesc?: string } = {
      tid: checkPositive(tid, 'tid'),
      kidList: checkKidList(kidList),
    };
    if (sceneDesc !== undefined) body.sceneDesc = checkSceneDesc(sceneDesc);
    return this.#pipeline.call(Endpoints.subscribeTemplateAdd, { body }, options);
  }

  /** The account's subscribe templates (`gettemplate`), with `content`, `example`, `type`, enums. */
  async list(options?: CallOptions): Promise<SubscribeTemplateListResponse> {
    return this.#pipeline.call(Endpoints.subscribeTemplateList, {}, options);
  }

  /** Deletes one of the account's subscribe templates (`deltemplate`). */
  async delete(priTmplId: string, options?: CallOptions): Promise<SubscribeTemplateDeleteResponse> {
    return this.#pipeline.call(
      Endpoints.subscribeTemplateDelete,
      { body: { priTmplId: checkId(priTmplId, 'priTmplId') } },
      options,
    );
  }
}

function checkPositive(value: unknown, path: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new InvalidArgumentError(
      `${path} must be a positive integer, got ${JSON.stringify(value)}`,
      path,
    );
  }
  return value as number;
}

function checkTitlesQuery(query: SubscribeTitlesQuery): SubscribeTitlesQuery {
  if (typeof query !== 'object' || query === null) {
    throw new InvalidArgumentError('expected { categoryIds, start, limit }', 'query');
  }
  const { categoryIds, start, limit } = query;
  if (!Array.isArray(categoryIds) || categoryIds.length === 0) {
    throw new InvalidArgumentError(
      'categoryIds must be a non-empty array of category ids',
      'categoryIds',
    );
  }
  for (const [i, id] of categoryIds.entries()) checkPositive(id, `categoryIds[${i}]`);
  if (!Number.isSafeInteger(start) || start < 0) {
    throw new InvalidArgumentError(
      `start must be an integer ≥ 0, got ${JSON.stringify(start)}`,
      'start',
    );
  }
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > PUB_TITLES_LIMIT_MAX) {
    throw new InvalidArgumentError(
      `limit must be an integer from 1 to ${PUB_TITLES_LIMIT_MAX}, got ${JSON.stringify(limit)}`,
      'limit',
    );
  }
  return { categoryIds, start, limit };
}

function checkKidList(value: unknown): number[] {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError('kidList must be an array of keyword ids', 'kidList');
  }
  if (value.length < SUBSCRIBE_KEYWORDS_MIN || value.length > SUBSCRIBE_KEYWORDS_MAX) {
    throw new InvalidArgumentError(
      `a subscribe template combines ${SUBSCRIBE_KEYWORDS_MIN} to ${SUBSCRIBE_KEYWORDS_MAX} keywords, got ${value.length}`,
      'kidList',
    );
  }
  const seen = new Set<number>();
  value.forEach((kid, index) => {
    checkPositive(kid, `kidList[${index}]`);
    if (seen.has(kid))
      throw new InvalidArgumentError(`keyword ${kid} appears twice`, `kidList[${index}]`);
    seen.add(kid);
  });
  return [...value];
}

function checkSceneDesc(value: unknown): string {
  if (typeof value !== 'string' || [...value].length > SCENE_DESC_MAX_LENGTH) {
    throw new InvalidArgumentError(
      `sceneDesc must be a string of at most ${SCENE_DESC_MAX_LENGTH} characters`,
      'sceneDesc',
    );
  }
  return value;
}
