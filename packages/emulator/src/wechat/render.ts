import type { TemplateSendData } from '@wxtpl/shared-types';
import type { TemplateKeyword } from '../state/templates.js';
import type { InboxKeyword } from '../types.js';

const DEFAULT_COLOR = '#000000';

/**
 * Checks a send's `data` the way WeChat parses it: an object of `{value, color?}` entries.
 * Returns the data, or null when its shape is wrong.
 */
export function parseSendData(data: unknown): TemplateSendData | null {
  if (data === undefined) return {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  for (const entry of Object.values(data)) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return null;
    const { value, color } = entry as { value?: unknown; color?: unknown };
    if (value !== undefined && typeof value !== 'string' && typeof value !== 'number') return null;
    if (color !== undefined && typeof color !== 'string') return null;
  }
  return data as TemplateSendData;
}

/** The template's keywords filled from `data` (`keyword1` is the first keyword), as displayed. */
export function renderKeywords(
  keywords: TemplateKeyword[],
  data: TemplateSendData,
  color: string | undefined,
): InboxKeyword[] {
  return keywords.map((keyword, index) => {
    const entry = (data as Record<string, { value?: unknown; color?: string } | undefined>)[
      `keyword${index + 1}`
    ];
    return {
      name: keyword.name,
      value: entry?.value === undefined ? '' : String(entry.value),
      color: entry?.color ?? color ?? DEFAULT_COLOR,
    };
  });
}
