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
import type { SubscribeTemplatesApi } from './subscribe-templates.js';
import { checkId, checkKeywordIds, checkPage } from './validate.js';
import {
  type AccountLists,
  checkDefinitions,
  compareWithAccount,
  type DefinitionKind,
  type VerifiableDefinition,
  type VerifyReport,
} from './verify.js';
import {
  ACCOUNT_TEMPLATES_MAX_ITEMS,
  LIBRARY_MAX_ITEMS,
  type WalkOptions,
  walkPages,
} from './walk.js';

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
      { maxItems: LIBRARY_MAX_ITEMS, path: Endpoints.libraryList.path },
    );
  }
}

/**
 * `client.templates`: the account's own templates, `library` for WeChat's catalogue, and
 * `verify` for definitions of both kinds.
 */
export class TemplatesApi {
  /** WeChat's public template library. */
  readonly library: TemplateLibraryApi;
  readonly #pipeline: RequestPipeline;
  readonly #subscribeTemplates: SubscribeTemplatesApi;

  /** @internal */
  constructor(pipeline: RequestPipeline, subscribeTemplates: SubscribeTemplatesApi) {
    this.#pipeline = pipeline;
    this.#subscribeTemplates = subscribeTemplates;
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
      { maxItems: ACCOUNT_TEMPLATES_MAX_ITEMS, path: Endpoints.templateList.path },
    );
  }

  /**
   * Compares definitions of both kinds (`defineTemplate`, `defineSubscribeTemplate`, in one list)
   * with the account: templates missing or of the other kind, keywords mapped to slots the
   * template lacks or to the wrong kind, slots no keyword fills, enum values and long-term type
   * that differ (errors), titles that differ (warnings). Fetches only the lists it needs, every
   * page of them; a malformed definition is an `InvalidArgumentError` naming `definitions[i]`.
   */
  async verify(
    definitions: readonly VerifiableDefinition[],
    options: WalkOptions = {},
  ): Promise<VerifyReport> {
    const checked = checkDefinitions(definitions);
    const lists: AccountLists = {};
    const has = (kind: DefinitionKind, id: string) =>
      kind === 'template'
        ? lists.templates?.some((t) => t.template_id === id)
        : lists.subscribeTemplates?.some((t) => t.priTmplId === id);
    const load = async (kind: DefinitionKind) => {
      if (kind === 'template' && lists.templates === undefined) {
        const templates: AccountTemplate[] = [];
        for await (const template of this.all(options)) templates.push(template);
        lists.templates = templates;
      } else if (kind === 'subscribe' && lists.subscribeTemplates === undefined) {
        const { signal, timeoutMs } = options;
        const answer = await this.#subscribeTemplates.list({
          ...(signal === undefined ? {} : { signal }),
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
        });
        lists.subscribeTemplates = answer.data ?? [];
      }
    };
    for (const { kind } of checked) await load(kind);
    // An id missing from its own list may be a template of the other kind: say so.
    for (const { kind, definition } of checked) {
      if (!has(kind, definition.id)) await load(kind === 'template' ? 'subscribe' : 'template');
    }
    return compareWithAccount(checked, lists);
  }
}
