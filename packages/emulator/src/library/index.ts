import type { LibraryKeyword, LibraryTitle } from '@wxtpl/shared-types';
import { LIBRARY_SOURCE } from './titles.js';

/** A library title with its keyword library. */
export interface LibraryEntry extends LibraryTitle {
  keywords: LibraryKeyword[];
}

/** The built-in library, in id order (`AT0001` first). */
export const LIBRARY: readonly LibraryEntry[] = LIBRARY_SOURCE.map(([title, source], index) => ({
  id: `AT${String(index + 1).padStart(4, '0')}`,
  title,
  keywords: source.split('|').map((pair, i) => {
    const eq = pair.indexOf('=');
    return { keyword_id: i + 1, name: pair.slice(0, eq), example: pair.slice(eq + 1) };
  }),
}));

const BY_ID = new Map(LIBRARY.map((entry) => [entry.id, entry]));

/** A library title by id, e.g. `AT0002`. */
export function findLibraryEntry(id: string): LibraryEntry | undefined {
  return BY_ID.get(id);
}
