import {
  type KeywordEnumValues,
  SUBSCRIBE_TEMPLATE_LIMIT,
  type SubscribeAccountTemplate,
  type SubscribeTemplateType,
} from '@wxtpl/shared-types';
import type { SubscribeLibraryKeyword, SubscribeLibraryTitle } from '../library/subscribe.js';
import { newTemplateId } from './ids.js';

/** A keyword of an account's subscribe template, in content order; its data key is `slot`. */
export interface SubscribeTemplateKeyword extends SubscribeLibraryKeyword {
  /** `rule` + `kid`: `thing1`, `amount3`. */
  slot: string;
}

/** A subscribe template of an account. */
export interface SubscribeTemplateRecord {
  priTmplId: string;
  tid: number;
  title: string;
  type: SubscribeTemplateType;
  sceneDesc: string;
  keywords: SubscribeTemplateKeyword[];
}

/** Serialised subscribe templates, per app in insertion order. */
export type SubscribeTemplateDump = [string, SubscribeTemplateRecord[]][];

/** Each app's subscribe templates (at most 50). */
export class SubscribeTemplateStore {
  readonly #byApp = new Map<string, Map<string, SubscribeTemplateRecord>>();

  /** Adds a template of `title` with the keywords `kids`, in that order; null at the limit. */
  add(
    appId: string,
    title: SubscribeLibraryTitle,
    kids: number[],
    sceneDesc: string,
  ): SubscribeTemplateRecord | null {
    const templates = this.#templatesOf(appId);
    if (templates.size >= SUBSCRIBE_TEMPLATE_LIMIT) return null;
    const keywords = kids.map((kid) => {
      const keyword = title.keywords.find((k) => k.kid === kid);
      if (keyword === undefined) throw new RangeError(`kid ${kid} not in tid ${title.tid}`);
      return { ...keyword, slot: `${keyword.rule}${keyword.kid}` };
    });
    const record: SubscribeTemplateRecord = {
      priTmplId: newTemplateId(),
      tid: title.tid,
      title: title.title,
      type: title.type,
      sceneDesc,
      keywords,
    };
    templates.set(record.priTmplId, record);
    return record;
  }

  get(appId: string, priTmplId: string): SubscribeTemplateRecord | undefined {
    return this.#byApp.get(appId)?.get(priTmplId);
  }

  list(appId: string): SubscribeTemplateRecord[] {
    return [...(this.#byApp.get(appId)?.values() ?? [])];
  }

  delete(appId: string, priTmplId: string): boolean {
    return this.#byApp.get(appId)?.delete(priTmplId) ?? false;
  }

  clear(): void {
    this.#byApp.clear();
  }

  dump(): SubscribeTemplateDump {
    return [...this.#byApp].map(([appId, map]) => [appId, [...map.values()]]);
  }

  load(dump: SubscribeTemplateDump): void {
    this.clear();
    for (const [appId, list] of dump) {
      this.#byApp.set(appId, new Map(list.map((t) => [t.priTmplId, t])));
    }
  }

  #templatesOf(appId: string): Map<string, SubscribeTemplateRecord> {
    let map = this.#byApp.get(appId);
    if (map === undefined) {
      map = new Map();
      this.#byApp.set(appId, map);
    }
    return map;
  }
}

/** `gettemplate`'s view of a template: content and example in keyword order. */
export function describeSubscribeTemplate(
  record: SubscribeTemplateRecord,
): SubscribeAccountTemplate {
  const view: SubscribeAccountTemplate = {
    priTmplId: record.priTmplId,
    title: record.title,
    content: record.keywords.map((k) => `${k.name}:{{${k.slot}.DATA}}\n`).join(''),
    example: record.keywords.map((k) => `${k.name}:${k.example}\n`).join(''),
    type: record.type,
  };
  const enums: KeywordEnumValues[] = record.keywords
    .filter((k) => k.enumValues !== undefined)
    .map((k) => ({ keywordCode: `${k.slot}.DATA`, enumValueList: [...(k.enumValues ?? [])] }));
  if (enums.length > 0) view.keywordEnumValueList = enums;
  return view;
}
