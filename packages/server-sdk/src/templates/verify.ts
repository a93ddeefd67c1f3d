import {
  type AccountTemplate,
  type ContentSlot,
  defineSubscribeTemplate,
  defineTemplate,
  InvalidArgumentError,
  isSubscribeDefinition,
  keywordKindOf,
  parseTemplateContent,
  type SubscribeAccountTemplate,
  type SubscribeTemplateDefinition,
  TemplateDataError,
  type TemplateDefinition,
} from '@wxtpl/shared-types';

/** A definition `verify` compares with the account: either kind, in one list. */
export type VerifiableDefinition = TemplateDefinition | SubscribeTemplateDefinition;

/** Which list of the account a definition belongs to. */
export type DefinitionKind = 'template' | 'subscribe';

/**
 * What `verify` found, one code per kind of difference:
 * - `missing-template` (error): no template of the account has the definition's id;
 * - `wrong-kind` (error): the id is a template of the other kind (a subscribe template defined
 *   with `defineTemplate`, or the reverse);
 * - `long-term-mismatch` (error): the definition's `longTerm` differs from the account's type
 *   (2 one-time, 3 long-term), so credits from acceptances would be counted wrong;
 * - `unknown-slot` (error): a keyword maps to a slot the template's content does not have
 *   (`keyword9` of a 4-keyword template): WeChat drops its value;
 * - `kind-mismatch` (error): a subscribe keyword maps to the right keyword of the template with
 *   the wrong kind (`thing3` where the account has `enum3`): its value is checked by the wrong
 *   rule and sent under a data key WeChat does not know;
 * - `unfilled-slot` (error): a slot of the template no keyword maps to: the message goes out with
 *   that field empty (template messages) or is refused (subscribe messages);
 * - `enum-value-unknown` (error): an `enum` value the definition allows and the account does not:
 *   WeChat refuses it (47003) although the data type takes it;
 * - `enum-values-incomplete` (warning): an `enum` keyword whose values the definition does not
 *   list (its data is then any string, unchecked) or lists only in part;
 * - `title-mismatch` (warning): the account's title differs from the definition's.
 */
export type VerifyIssueCode =
  | 'missing-template'
  | 'wrong-kind'
  | 'long-term-mismatch'
  | 'unknown-slot'
  | 'kind-mismatch'
  | 'unfilled-slot'
  | 'enum-value-unknown'
  | 'enum-values-incomplete'
  | 'title-mismatch';

/** One difference between a definition and the account. */
export interface VerifyIssue {
  code: VerifyIssueCode;
  severity: 'error' | 'warning';
  /** Position of the definition in the list given. */
  index: number;
  kind: DefinitionKind;
  templateId: string;
  /** The definition's title. */
  title: string;
  /** The definition's keyword name concerned. */
  keyword?: string;
  /** The slot concerned: the definition's, or the account's for `unfilled-slot`. */
  slot?: string;
  /** What the account has: its slot (`kind-mismatch`), title, type, or enum values. */
  expected?: string;
  message: string;
}

/** What `client.templates.verify` resolves to. */
export interface VerifyReport {
  /** No issue is an error. */
  ok: boolean;
  /** Definitions compared. */
  checked: number;
  /** In the order of the definitions, then of their keywords. */
  issues: VerifyIssue[];
}

/** The account's lists: `undefined` for a list not fetched (its kind was not needed). */
export interface AccountLists {
  templates?: readonly AccountTemplate[];
  subscribeTemplates?: readonly SubscribeAccountTemplate[];
}

/** A definition of the list, checked, with its kind. */
export interface CheckedDefinition {
  kind: DefinitionKind;
  definition: VerifiableDefinition;
}

/**
 * Checks every entry as `defineTemplate` / `defineSubscribeTemplate` do (definitions built from
 * JSON get here unchecked); refuses the first bad one with an `InvalidArgumentError` whose path
 * names it: `definitions[2].keywords.预约人`.
 */
export function checkDefinitions(definitions: unknown): CheckedDefinition[] {
  if (!Array.isArray(definitions)) {
    throw new InvalidArgumentError(
      'definitions must be an array of defineTemplate / defineSubscribeTemplate definitions',
      'definitions',
    );
  }
  return definitions.map((entry: unknown, index) => {
    const path = `definitions[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      throw new InvalidArgumentError(`${path} must be a template definition`, path);
    }
    try {
      // Rebuilt through the definers: their checks are the one place the rules live.
      const given = entry as Parameters<typeof defineSubscribeTemplate>[0];
      return isSubscribeDefinition(entry)
        ? { kind: 'subscribe' as const, definition: defineSubscribeTemplate(given) }
        : {
            kind: 'template' as const,
            definition: defineTemplate(entry as Parameters<typeof defineTemplate>[0]),
          };
    } catch (error) {
      if (!(error instanceof TemplateDataError)) throw error;
      throw new InvalidArgumentError(
        `${path}.${error.path}: ${error.message}`,
        `${path}.${error.path}`,
      );
    }
  });
}

/** Compares checked definitions with the account's lists. */
export function compareWithAccount(
  definitions: readonly CheckedDefinition[],
  account: AccountLists,
): VerifyReport {
  const templates = new Map(account.templates?.map((t) => [t.template_id, t]));
  const subscribeTemplates = new Map(account.subscribeTemplates?.map((t) => [t.priTmplId, t]));
  const issues: VerifyIssue[] = [];
  definitions.forEach(({ kind, definition }, index) => {
    const base = { index, kind, templateId: definition.id, title: definition.title };
    const report: Report = (code, severity, message, fields = {}) =>
      issues.push({ code, severity, ...base, ...fields, message });
    const onAccount = kind === 'template' ? templates.get(definition.id) : undefined;
    const subscribeOnAccount =
      kind === 'subscribe' ? subscribeTemplates.get(definition.id) : undefined;
    if (onAccount === undefined && subscribeOnAccount === undefined) {
      const other = kind === 'template' ? subscribeTemplates : templates;
      if (other.has(definition.id)) {
        report(
          'wrong-kind',
          'error',
          kind === 'template'
            ? 'the account has it as a subscribe template: define it with defineSubscribeTemplate'
            : 'the account has it as a template message: define it with defineTemplate',
        );
      } else {
        report('missing-template', 'error', `the account has no ${noun(kind)} ${definition.id}`);
      }
      return;
    }
    const accountTitle = (onAccount ?? subscribeOnAccount)?.title as string;
    if (accountTitle !== definition.title) {
      report('title-mismatch', 'warning', `the account calls it 「${accountTitle}」`, {
        expected: accountTitle,
      });
    }
    if (onAccount !== undefined) {
      compareSlots(definition, slotsOf(onAccount.content, 'template'), report);
    } else if (subscribeOnAccount !== undefined) {
      compareSubscribe(definition as SubscribeTemplateDefinition, subscribeOnAccount, report);
    }
  });
  return { ok: issues.every((i) => i.severity !== 'error'), checked: definitions.length, issues };
}

type Report = (
  code: VerifyIssueCode,
  severity: VerifyIssue['severity'],
  message: string,
  fields?: Pick<VerifyIssue, 'keyword' | 'slot' | 'expected'>,
) => void;

function slotsOf(content: string, kind: DefinitionKind): ContentSlot[] {
  const slots = parseTemplateContent(content);
  return kind === 'template' ? slots.filter((s) => s.kind === 'keyword') : slots;
}

/**
 * Unknown slots, kind mismatches and unfilled slots. A subscribe data key is its kind and the
 * keyword's id in the title (`enum3`): a definition slot with the number of an account slot but
 * another kind names that keyword with the wrong kind; one whose number the account lacks names
 * no keyword at all.
 */
function compareSlots(
  definition: VerifiableDefinition,
  slots: readonly ContentSlot[],
  report: Report,
): void {
  const mapped = new Set<string>(Object.values(definition.keywords));
  const covered = new Set<string>();
  const has = slots.map((s) => s.slot).join(', ');
  for (const [keyword, slot] of Object.entries(definition.keywords) as [string, string][]) {
    if (slots.some((s) => s.slot === slot)) {
      covered.add(slot);
      continue;
    }
    const index = Number(/\d+$/.exec(slot)?.[0]);
    const sameKeyword = slots.find(
      (s) => s.kind !== 'keyword' && s.index === index && !mapped.has(s.slot),
    );
    if (sameKeyword !== undefined && keywordKindOf(slot) !== sameKeyword.kind) {
      covered.add(sameKeyword.slot);
      report(
        'kind-mismatch',
        'error',
        `keyword "${keyword}" maps to ${slot}, but keyword ${index} of the template is ${sameKeyword.slot}${labelOf(sameKeyword)}`,
        { keyword, slot, expected: sameKeyword.slot },
      );
    } else {
      report(
        'unknown-slot',
        'error',
        `keyword "${keyword}" maps to ${slot}, which the template does not have (it has ${has})`,
        { keyword, slot },
      );
    }
  }
  for (const s of slots) {
    if (covered.has(s.slot)) continue;
    report(
      'unfilled-slot',
      'error',
      `${s.slot}${labelOf(s)} is never filled: no keyword maps to it`,
      {
        slot: s.slot,
      },
    );
  }
}

function compareSubscribe(
  definition: SubscribeTemplateDefinition,
  template: SubscribeAccountTemplate,
  report: Report,
): void {
  const longTerm = template.type === 3;
  if (definition.longTerm !== longTerm) {
    report(
      'long-term-mismatch',
      'error',
      longTerm
        ? 'the account has it as long-term (type 3): define it with longTerm: true'
        : 'the account has it as one-time (type 2): longTerm must be false',
      { expected: longTerm ? 'long-term' : 'one-time' },
    );
  }
  compareSlots(definition, slotsOf(template.content, 'subscribe'), report);
  const accountEnums = new Map(
    (template.keywordEnumValueList ?? []).map((e) => [
      e.keywordCode.replace(/\.DATA$/, ''),
      e.enumValueList,
    ]),
  );
  for (const [keyword, slot] of Object.entries(definition.keywords)) {
    const allowed = accountEnums.get(slot);
    if (allowed === undefined) continue;
    const listed = (definition.enumValues as Record<string, readonly string[] | undefined>)[
      keyword
    ];
    const unknown = listed?.filter((value) => !allowed.includes(value)) ?? [];
    const fields = { keyword, slot, expected: allowed.join(', ') };
    if (unknown.length > 0) {
      report(
        'enum-value-unknown',
        'error',
        `keyword "${keyword}" allows ${unknown.map(quote).join(', ')}, which the account does not (it allows ${allowed.map(quote).join(', ')})`,
        fields,
      );
    }
    const unlisted = allowed.filter((value) => !listed?.includes(value));
    if (listed === undefined) {
      report(
        'enum-values-incomplete',
        'warning',
        `keyword "${keyword}" lists no enumValues: its data is any string until WeChat refuses it (the account allows ${allowed.map(quote).join(', ')})`,
        fields,
      );
    } else if (unlisted.length > 0) {
      report(
        'enum-values-incomplete',
        'warning',
        `keyword "${keyword}" does not list ${unlisted.map(quote).join(', ')}, which the account allows`,
        fields,
      );
    }
  }
}

function labelOf(slot: ContentSlot): string {
  return slot.label === '' ? '' : ` (${slot.label})`;
}

function quote(value: string): string {
  return `「${value}」`;
}

function noun(kind: DefinitionKind): string {
  return kind === 'template' ? 'template' : 'subscribe template';
}
