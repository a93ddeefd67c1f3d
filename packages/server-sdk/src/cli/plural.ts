/** `1 template`, `2 templates`, `0 templates`; `irregular` for nouns that do not take an s. */
export function plural(count: number, noun: string, irregular = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : irregular}`;
}
