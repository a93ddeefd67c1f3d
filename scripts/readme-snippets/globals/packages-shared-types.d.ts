// What packages/shared-types/README.md takes as given: the reader's own values.
// Only placeholders belong here, never wxtpl API (see scripts/readme-snippets/check.ts).

declare const openid: string;
declare const formId: string;
