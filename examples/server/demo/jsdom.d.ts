// The one corner of jsdom the demo uses (jsdom ships no types; @types/jsdom would pull in the DOM lib).
declare module 'jsdom' {
  /** A DOM in Node: miniprogram-simulate renders WXML into it. */
  export class JSDOM {
    constructor(html?: string, options?: { url?: string });
    readonly window: { document: unknown; navigator: unknown } & Record<string, unknown>;
  }
}
