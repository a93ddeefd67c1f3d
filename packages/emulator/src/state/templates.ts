import { ACCOUNT_TEMPLATE_LIMIT, type AccountTemplate } from '@wxtpl/shared-types';
import type { LibraryEntry } from '../library/index.js';
import { newTemplateId } from './ids.js';

/** A keyword of an account template, in slot order (`keyword1` first). */
export interface TemplateKeyword {
  name: string;
  example: string;
}

/** A template in an account's personal library. */
export interface AccountTemplateRecord extends AccountTemplate {
  /** The library title id it was composed from (`AT0002`). */
  libraryId: string;
  keywords: TemplateKeyword[];
}

/** Serialised account templates, per app in insertion order. */
export type TemplateDump = [string, AccountTemplateRecord[]][];

/** Why an add was refused. */
export type AddTemplateResult =
  | { ok: true; template: AccountTemplateRecord }
  | { ok: false; reason: 'limit' };

/** Each app's personal template library (at most 25 templates). */
export class TemplateStore {
  private readonly byApp = new Map<string, Map<string, AccountTemplateRecord>>();

  /** Composes a template from library keywords, in the given order. */
  add(appId: string, entry: LibraryEntry, keywordIds: number[]): AddTemplateResult {
    const templates = this.templatesOf(appId);
    if (templates.size >= ACCOUNT_TEMPLATE_LIMIT) return { ok: false, reason: 'limit' };
    const keywords = keywordIds.map((id) => {
      const keyword = entry.keywords.find((k) => k.keyword_id === id);
      if (keyword === undefined) throw new RangeError(`keyword ${id} not in ${entry.id}`);
      return { name: keyword.name, example: keyword.example };
    });
    const template: AccountTemplateRecord = {
      template_id: newTemplateId(),
      title: entry.title,
      content: keywords.map((k, i) => `${k.name}{{keyword${i + 1}.DATA}}\n`).join(''),
      example: keywords.map((k) => `${k.name}:${k.example}\n`).join(''),
      libraryId: entry.id,
      keywords,
    };
    templates.set(template.template_id, template);
    return { ok: true, template };
  }

  /** O(1) lookup of an app's template. */
  get(appId: string, templateId: string): AccountTemplateRecord | undefined {
    return this.byApp.get(appId)?.get(templateId);
  }

  list(appId: string): AccountTemplateRecord[] {
    return [...(this.byApp.get(appId)?.values() ?? [])];
  }

  delete(appId: string, templateId: string): boolean {
    return this.byApp.get(appId)?.delete(templateId) ?? false;
  }

  clear(): void {
    this.byApp.clear();
  }

  dump(): TemplateDump {
    return [...this.byApp].map(([appId, map]) => [appId, [...map.values()]]);
  }

  load(dump: TemplateDump): void {
    this.clear();
    for (const [appId, list] of dump) {
      this.byApp.set(appId, new Map(list.map((t) => [t.template_id, t])));
    }
  }

  private templatesOf(appId: string): Map<string, AccountTemplateRecord> {
    let map = this.byApp.get(appId);
    if (map === undefined) {
      map = new Map();
      this.byApp.set(appId, map);
    }
    return map;
  }
}
