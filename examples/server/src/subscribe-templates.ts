import { subscribeTemplates } from '@wxtpl/example-templates';
import type { WeChatClient } from '@wxtpl/server-sdk';
import {
  defineSubscribeTemplate,
  parseTemplateContent,
  type SubscribeTemplateDefinition,
} from '@wxtpl/shared-types';
import { type TemplateResolution, TemplateResolutionError } from './templates.js';

type Definitions = Record<string, SubscribeTemplateDefinition>;

/** The example's subscribe templates (@wxtpl/example-templates) with this account's priTmplIds. */
export type ResolvedSubscribeTemplates = typeof subscribeTemplates;

/** {@link resolveSubscribeTemplates} of the example's own definitions. */
export function resolveExampleSubscribeTemplates(
  client: Pick<WeChatClient, 'subscribe'>,
  options: { addMissing: boolean },
): Promise<{ templates: ResolvedSubscribeTemplates; resolutions: TemplateResolution[] }> {
  return resolveSubscribeTemplates(client, subscribeTemplates, options);
}

/**
 * Maps each shared subscribe definition to a priTmplId of this account. A definition's data keys
 * name the public title's keywords (`thing3` is keyword 3 of the title, a `thing`), so an
 * account template with the same title and the same data keys is the same template (restarts
 * add nothing); otherwise, when `addMissing` is on, the title is found in WeChat's public library
 * (the account's categories) and added with those keywords, in the definition's order.
 */
export async function resolveSubscribeTemplates<T extends Definitions>(
  client: Pick<WeChatClient, 'subscribe'>,
  definitions: T,
  options: { addMissing: boolean },
): Promise<{ templates: T; resolutions: TemplateResolution[] }> {
  const api = client.subscribe.templates;
  const found = new Map<string, TemplateResolution>();
  const { data: account } = await api.list();
  for (const [name, definition] of Object.entries(definitions)) {
    const match = account.find(
      (template) =>
        template.title === definition.title &&
        sameKeys(
          parseTemplateContent(template.content).map((s) => s.slot),
          slotsOf(definition),
        ),
    );
    if (match !== undefined) {
      found.set(name, {
        name,
        title: match.title,
        templateId: match.priTmplId,
        origin: 'account',
      });
    }
  }

  const missing = Object.entries(definitions).filter(([name]) => !found.has(name));
  if (missing.length > 0) {
    if (!options.addMissing) {
      throw new TemplateResolutionError(
        `the account has no subscribe template for ${missing
          .map(([, d]) => `「${d.title}」(${slotsOf(d).join(', ')})`)
          .join(', ')}; add them in the admin console (订阅消息), or set WXTPL_ADD_TEMPLATES=1`,
      );
    }
    const titles = await publicTitleIds(api, new Set(missing.map(([, d]) => d.title)));
    for (const [name, definition] of missing) {
      const tid = titles.get(definition.title);
      if (tid === undefined) {
        throw new TemplateResolutionError(
          `no public subscribe title 「${definition.title}」 in this account's categories`,
        );
      }
      const kidList = slotsOf(definition).map((slot) => Number(/\d+$/.exec(slot)?.[0]));
      const { priTmplId } = await api.add(tid, kidList, 'wxtpl example');
      found.set(name, { name, title: definition.title, templateId: priTmplId, origin: 'library' });
    }
  }

  const templates = Object.fromEntries(
    Object.entries(definitions).map(([name, definition]) => [
      name,
      defineSubscribeTemplate({
        ...definition,
        id: (found.get(name) as TemplateResolution).templateId,
      }),
    ]),
  ) as T;
  return {
    templates,
    resolutions: Object.keys(definitions).map((name) => found.get(name) as TemplateResolution),
  };
}

/** The definition's data keys (`thing1`, `time2`, …), in its order. */
function slotsOf(definition: SubscribeTemplateDefinition): string[] {
  return Object.values(definition.keywords);
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

async function publicTitleIds(
  api: WeChatClient['subscribe']['templates'],
  titles: ReadonlySet<string>,
): Promise<Map<string, number>> {
  const { data: categories } = await api.categories();
  const ids = new Map<string, number>();
  for await (const entry of api.allTitles(categories.map((c) => c.id))) {
    if (titles.has(entry.title) && !ids.has(entry.title)) ids.set(entry.title, entry.tid);
    if (ids.size === titles.size) break;
  }
  return ids;
}
