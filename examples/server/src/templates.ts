import {
  bookingConfirmed,
  orderDelivered,
  orderPaid,
  orderShipped,
} from '@wxtpl/example-templates';
import type { WeChatClient } from '@wxtpl/server-sdk';
import {
  type AccountTemplate,
  defineTemplate,
  type KeywordMap,
  type LibraryKeyword,
  type TemplateDefinition,
} from '@wxtpl/shared-types';

/**
 * A shared definition plus the library keyword behind each of its names: what the backend needs
 * to find the template in the account, or to compose it from WeChat's template library.
 */
export interface TemplateSpec<K extends KeywordMap> {
  definition: TemplateDefinition<K>;
  /** The library keyword name of each semantic name, e.g. `{ service: '预约项目' }`. */
  libraryKeywords: { readonly [Name in keyof K]: string };
}

function spec<K extends KeywordMap>(
  definition: TemplateDefinition<K>,
  libraryKeywords: { readonly [Name in keyof K]: string },
): TemplateSpec<K> {
  return { definition, libraryKeywords };
}

/** The four templates of the example, as the library names their keywords. */
export const templateSpecs = {
  bookingConfirmed: spec(bookingConfirmed, {
    service: '预约项目',
    time: '预约时间',
    store: '预约门店',
    contact: '预约人',
  }),
  orderPaid: spec(orderPaid, {
    orderNo: '订单编号',
    item: '商品名称',
    amount: '支付金额',
    paidAt: '支付时间',
  }),
  orderShipped: spec(orderShipped, {
    orderNo: '订单编号',
    carrier: '快递公司',
    trackingNo: '快递单号',
    shippedAt: '发货时间',
  }),
  orderDelivered: spec(orderDelivered, {
    orderNo: '订单编号',
    deliveredAt: '签收时间',
    receiver: '签收人',
  }),
};

type Specs = typeof templateSpecs;

/** The shared definitions with this account's real template_ids. */
export type ResolvedTemplates = {
  [Name in keyof Specs]: Specs[Name] extends TemplateSpec<infer K> ? TemplateDefinition<K> : never;
};

/** A template the account lacks and the library cannot provide (or adding is off). */
export class TemplateResolutionError extends Error {
  override name = 'TemplateResolutionError';
}

/** How each template was found, for the start-up log. */
export interface TemplateResolution {
  name: string;
  title: string;
  templateId: string;
  origin: 'account' | 'library';
}

/**
 * Maps every shared definition to a template_id of this account: an account template with the
 * same title and keywords in the same order is reused (so restarts add nothing); otherwise, when
 * `addMissing` is on, the template is composed from the library with `templates.add`.
 */
export async function resolveTemplates(
  client: Pick<WeChatClient, 'templates'>,
  options: { addMissing: boolean },
): Promise<{ templates: ResolvedTemplates; resolutions: TemplateResolution[] }> {
  const entries = Object.entries(templateSpecs) as [keyof Specs, TemplateSpec<KeywordMap>][];
  const wanted = new Map(entries.map(([name, s]) => [name, expectedKeywordNames(s)]));
  const found = new Map<keyof Specs, TemplateResolution>();

  for await (const template of client.templates.all()) {
    for (const [name, s] of entries) {
      if (found.has(name) || template.title !== s.definition.title) continue;
      if (sameNames(contentKeywordNames(template), wanted.get(name) ?? [])) {
        found.set(name, {
          name,
          title: template.title,
          templateId: template.template_id,
          origin: 'account',
        });
      }
    }
  }

  const missing = entries.filter(([name]) => !found.has(name));
  if (missing.length > 0) {
    if (!options.addMissing) {
      throw new TemplateResolutionError(
        `the account has no template for ${missing
          .map(([name, s]) => `「${s.definition.title}」(${(wanted.get(name) ?? []).join('、')})`)
          .join(', ')}; add them in the mini-program admin console, or set WXTPL_ADD_TEMPLATES=1`,
      );
    }
    const titleIds = await libraryTitleIds(
      client,
      new Set(missing.map(([, s]) => s.definition.title)),
    );
    for (const [name, s] of missing) {
      const libraryId = titleIds.get(s.definition.title);
      if (libraryId === undefined) {
        throw new TemplateResolutionError(
          `the template library has no title 「${s.definition.title}」`,
        );
      }
      const library = await client.templates.library.get(libraryId);
      const keywordIds = (wanted.get(name) ?? []).map((keywordName) => {
        const keyword = library.keyword_list.find((k: LibraryKeyword) => k.name === keywordName);
        if (keyword === undefined) {
          throw new TemplateResolutionError(
            `library title 「${library.title}」 (${libraryId}) has no keyword 「${keywordName}」`,
          );
        }
        return keyword.keyword_id;
      });
      const added = await client.templates.add(libraryId, keywordIds);
      found.set(name, {
        name,
        title: s.definition.title,
        templateId: added.template_id,
        origin: 'library',
      });
    }
  }

  const templates = Object.fromEntries(
    entries.map(([name, s]) => [
      name,
      defineTemplate({
        id: found.get(name)?.templateId ?? '',
        title: s.definition.title,
        keywords: s.definition.keywords,
      }),
    ]),
  ) as ResolvedTemplates;
  return { templates, resolutions: entries.map(([name]) => found.get(name) as TemplateResolution) };
}

/** Library keyword names in slot order (keyword1 first). */
function expectedKeywordNames(s: TemplateSpec<KeywordMap>): string[] {
  return Object.entries(s.definition.keywords)
    .sort(([, a], [, b]) => slotNumber(a) - slotNumber(b))
    .map(([name]) => s.libraryKeywords[name] as string);
}

function slotNumber(slot: string): number {
  return Number(slot.slice('keyword'.length));
}

/** `预约项目{{keyword1.DATA}}\n预约时间{{keyword2.DATA}}\n` → `['预约项目', '预约时间']`. */
function contentKeywordNames(template: AccountTemplate): string[] {
  return [...template.content.matchAll(/([^\n{}]+?)\s*[:：]?\s*\{\{keyword(\d+)\.DATA\}\}/g)]
    .sort((a, b) => Number(a[2]) - Number(b[2]))
    .map((match) => (match[1] ?? '').trim());
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

async function libraryTitleIds(
  client: Pick<WeChatClient, 'templates'>,
  titles: ReadonlySet<string>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for await (const entry of client.templates.library.all()) {
    if (titles.has(entry.title) && !ids.has(entry.title)) ids.set(entry.title, entry.id);
    if (ids.size === titles.size) break;
  }
  return ids;
}
