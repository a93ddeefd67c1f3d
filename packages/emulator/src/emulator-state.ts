import { PushDispatcher } from './push/dispatcher.js';
import { type AcceptanceDump, AcceptanceStore } from './state/acceptances.js';
import { type AppConfig, type AppDump, AppRegistry } from './state/apps.js';
import { VirtualClock } from './state/clock.js';
import { type CreditDump, CreditStore } from './state/credits.js';
import { DailyQuota, type QuotaDump } from './state/daily-quota.js';
import { FaultSet } from './state/faults.js';
import { Inbox, type InboxDump } from './state/inbox.js';
import { type LoginCodeDump, LoginCodeStore } from './state/login-codes.js';
import { SendRates } from './state/send-rate.js';
import { StatsCounter } from './state/stats.js';
import { type SubscribeTemplateDump, SubscribeTemplateStore } from './state/subscribe-templates.js';
import { type TemplateDump, TemplateStore } from './state/templates.js';
import { type TokenDump, TokenStore } from './state/tokens.js';
import type { EmulatorStats } from './types.js';

/** Everything the emulator remembers, as written to a `--data-file`. */
export interface StateDump {
  version: 1;
  clockOffsetMs: number;
  apps: AppDump[];
  tokens: TokenDump;
  credits: CreditDump;
  loginCodes: LoginCodeDump;
  templates: TemplateDump;
  quota: QuotaDump;
  inbox: InboxDump;
  stats: EmulatorStats;
  /** Absent in data files written before subscribe messages. */
  subscribeTemplates?: SubscribeTemplateDump;
  acceptances?: AcceptanceDump;
}

/** The emulator's whole in-memory state. Fault rules are deliberately not persisted. */
export class EmulatorState {
  readonly clock = new VirtualClock();
  readonly apps = new AppRegistry();
  readonly tokens = new TokenStore();
  readonly credits = new CreditStore();
  readonly loginCodes = new LoginCodeStore();
  readonly templates = new TemplateStore();
  readonly quota = new DailyQuota();
  readonly sendRates = new SendRates();
  readonly inbox = new Inbox();
  readonly stats = new StatsCounter();
  readonly faults = new FaultSet();
  readonly subscribeTemplates = new SubscribeTemplateStore();
  readonly acceptances = new AcceptanceStore();
  readonly push = new PushDispatcher(this.faults, this.stats, () => this.clock.now());
  /** Users (`userKey`) with a subscribe send accepted and not yet answered (43108). */
  readonly sendsInFlight = new Set<string>();
  /** Called after every change worth persisting. */
  onChange: () => void = () => {};

  constructor(private readonly initialApps: AppConfig[]) {
    for (const app of initialApps) this.apps.register(app);
  }

  changed(): void {
    this.onChange();
  }

  /** Back to the state right after start: the configured apps and nothing else. */
  reset(): void {
    this.clock.offset = 0;
    this.apps.clear();
    for (const app of this.initialApps) this.apps.register(app);
    this.tokens.clear();
    this.credits.clear();
    this.loginCodes.clear();
    this.templates.clear();
    this.quota.clear();
    this.sendRates.reset();
    this.inbox.clear();
    this.stats.clear();
    this.faults.clear();
    this.subscribeTemplates.clear();
    this.acceptances.clear();
    this.push.clear();
    this.changed();
  }

  dump(): StateDump {
    return {
      version: 1,
      clockOffsetMs: this.clock.offset,
      apps: this.apps.dump(),
      tokens: this.tokens.dump(),
      credits: this.credits.dump(),
      loginCodes: this.loginCodes.dump(),
      templates: this.templates.dump(),
      quota: this.quota.dump(),
      inbox: this.inbox.dump(),
      stats: this.stats.snapshot(),
      subscribeTemplates: this.subscribeTemplates.dump(),
      acceptances: this.acceptances.dump(),
    };
  }

  /** Restores a dump; apps configured at start keep their configured secret and pages. */
  load(dump: StateDump): void {
    this.clock.offset = dump.clockOffsetMs;
    this.apps.load(dump.apps);
    for (const app of this.initialApps) this.apps.register(app);
    this.tokens.load(dump.tokens);
    this.credits.load(dump.credits);
    this.loginCodes.load(dump.loginCodes);
    this.templates.load(dump.templates);
    this.quota.load(dump.quota);
    this.inbox.load(dump.inbox);
    this.stats.load(dump.stats);
    if (dump.subscribeTemplates) this.subscribeTemplates.load(dump.subscribeTemplates);
    if (dump.acceptances) this.acceptances.load(dump.acceptances);
  }
}
