/**
 * The XML of WeChat's message push: one `<xml>` root of elements holding text, CDATA or more
 * elements; repeated elements (`<List>`) become arrays. Nothing else is accepted — no DOCTYPE, no
 * entity definitions, no processing instructions but the XML declaration — so no XXE, no
 * billion laughs.
 */
export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

const MAX_DEPTH = 8;
const NAME = /^[A-Za-z_][\w.-]*/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The root's children, or null when `text` is not that XML. */
export function parseXml(text: string): XmlObject | null {
  let at = 0;
  const fail = (): never => {
    throw new SyntaxError(`malformed XML at ${at}`);
  };
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at] as string)) at++;
  };
  const element = (depth: number): [string, XmlValue] => {
    if (depth > MAX_DEPTH || text[at] !== '<') fail();
    at++;
    const name = NAME.exec(text.slice(at, at + 64))?.[0] ?? fail();
    at += name.length;
    skipSpace();
    if (text.startsWith('/>', at)) {
      at += 2;
      return [name, ''];
    }
    if (text[at] !== '>') fail();
    at++;
    const children: XmlObject = {};
    let textValue = '';
    let hasChildren = false;
    for (;;) {
      if (at >= text.length) fail();
      if (text.startsWith('<![CDATA[', at)) {
        const end = text.indexOf(']]>', at);
        if (end === -1) fail();
        textValue += text.slice(at + 9, end);
        at = end + 3;
      } else if (text.startsWith('</', at)) {
        at += 2;
        if (!text.startsWith(name, at)) fail();
        at += name.length;
        skipSpace();
        if (text[at] !== '>') fail();
        at++;
        return [name, hasChildren ? children : textValue];
      } else if (text[at] === '<') {
        if (text[at + 1] === '!' || text[at + 1] === '?') fail();
        const [child, value] = element(depth + 1);
        hasChildren = true;
        // Own fields only, defined (not assigned): `<__proto__>` or `<toString>` is data, as in JSON.
        const existing = Object.hasOwn(children, child) ? children[child] : undefined;
        if (Array.isArray(existing)) existing.push(value);
        else define(children, child, existing === undefined ? value : [existing, value]);
      } else {
        const end = text.indexOf('<', at);
        if (end === -1) fail();
        textValue += decode(text.slice(at, end));
        at = end;
      }
    }
  };
  try {
    if (text.startsWith('<?xml')) {
      const end = text.indexOf('?>');
      if (end === -1) return null;
      at = end + 2;
    }
    skipSpace();
    const [name, value] = element(0);
    skipSpace();
    if (name !== 'xml' || at !== text.length || typeof value !== 'object' || Array.isArray(value)) {
      return null;
    }
    return value;
  } catch {
    return null;
  }
}

function define(object: XmlObject, name: string, value: XmlValue): void {
  Object.defineProperty(object, name, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) {
      return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    }
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? whole;
  });
}
