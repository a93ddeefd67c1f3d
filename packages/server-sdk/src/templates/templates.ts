import {
  type AccountTemplate,
  type LibraryGetResponse,
  type LibraryListResponse,
  type LibraryTitle,
  PAGE_SIZE_MAX,
  type PageRequest,
  type TemplateAddResponse,
  type TemplateDeleteResponse,
  type TemplateListResponse,
} from '@wxtpl/shared-types';
import { Endpoints } from '../http/endpoints.js';
import type { CallOptions, RequestPipeline } from '../http/pipeline.js';
import { checkId, checkKeywordIds, checkPage } from './validate.js';
import { type WalkOptions, walkPages } from './walk.js';

/** WeChat's public template library: titles and their keywords. */
export class TemplateLibraryApi {
  readonly #pipeline: RequestPipeline;

  /** @internal */
  constructor(pipeline: RequestPipeline) {
    this.#pipeline = pipeline;
  }

  /** One page of library titles (`count` 1..20). */
  async list(page: PageRequest, options?: CallOptions): Promise<LibraryListResponse> {
    return this.#pipeline.call(Endpoints.libraryList, { body: checkPage(page) }, options);
  }

  /** A library title with its keywords (`keyword_id`, `name`, `example`). */
  async get(id: string, options?: CallOptions): Promise<LibraryGetResponse> {
    return this.#pipeline.call(Endpoints.libraryGet, { body: { id: checkId(id, 'id') } }, options);
  }

  /** Every library title, page after page of 20. */
  all(options: WalkOptions = {}): AsyncGenerator<LibraryTitle, void, undefined> {
    return walkPages(
      PAGE_SIZE_MAX,
      (offset) => this.list({ offset, count: PAGE_SIZE_MAX }, options),
      (page) => ({ list: page.list ?? [], total: page.total_count }),
      options,
    );
  }
}

/** `client.templates`: the account's own templates, and `library` for WeChat's catalogue. */
export class TemplatesApi {
  /** WeChat's public template library. */
  readonly library: TemplateLibraryApi;
  readonly #pipeline: RequestPipeline;

  /** @internal */
  constructor(pipeline: RequestPipeline) {
    this.#pipeline = pipeline;
    this.library = new TemplateLibraryApi(pipeline);
  }

  /** Adds a template combining 1..10 distinct keywords of a library title; resolves its template_id. */
  async add(
    id: string,
    keywordIds: readonly number[],
    options?: CallOptions,
  ): Promise<TemplateAddResponse> {
    const body = { id: checkId(id, 'id'), keyword_id_list: checkKeywordIds(keywordIds) };
    return this.#pipeline.call(Endpoints.templateAdd, { body }, options);
  }

  /** One page of the account's templates (`count` 1..20). */
  async list(page: PageRequest, options?: CallOptions): Promise<TemplateListResponse> {
    return this.#pipeline.call(Endpoints.templateList, { body: checkPage(page) }, options);
  }

  /** Deletes one of the account's templates. */
  async delete(templateId: string, options?: CallOptions): Promise<TemplateDeleteResponse> {
    const body = { template_id: checkId(templateId, 'templateId') };
    return this.#pipeline.call(Endpoints.templateDelete, { body }, options);
  }

  /** Every template of the account, page after page of 20 (WeChat announces no total here). */
  all(options: WalkOptions = {}): AsyncGenerator<AccountTemplate, void, undefined> {
    return walkPages(
      PAGE_SIZE_MAX,
      (offset) => this.list({ offset, count: PAGE_SIZE_MAX }, options),
      (page) => ({ list: page.list ?? [] }),
      options,
    );
  }
}
