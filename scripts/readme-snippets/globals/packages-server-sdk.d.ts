// What packages/server-sdk/README.md takes as given: the reader's own values and app objects, and
// the client, pool and notifier built in its earlier sections.
// Only placeholders belong here, never wxtpl API (see scripts/readme-snippets/check.ts).

declare const openid: string;
declare const formId: string;
/** When the form was submitted (epoch ms), as the collector reports it. */
declare const createdAt: number;
declare const codeFromWxLogin: string;

declare const client: import('@wxtpl/server-sdk').WeChatClient;
declare const pool: import('@wxtpl/server-sdk').FormIdPool;
declare const notifier: import('@wxtpl/server-sdk').Notifier;

/** pino, or any logger of the same shape. */
declare const pino: () => import('@wxtpl/server-sdk').Logger;
declare const logger: import('@wxtpl/server-sdk').Logger;
/** A terminal progress bar. */
declare const bar: { update(value: number): void };

/** The app's own session lookup. */
declare const sessions: { openidFor(authorization: string | null): Promise<string | null> };
/** A Koa router (@koa/router). */
declare const router: { all(path: string, middleware: import('koa').Middleware): unknown };

/** A WeChat Pay SDK, the app's order table and a verified payment notification. */
declare const wechatPay: {
  unifiedOrder(order: {
    openid: string;
    out_trade_no: string;
    total_fee: number;
  }): Promise<{ prepay_id: string }>;
};
declare const orders: {
  update(outTradeNo: string, fields: { prepayId: string; prepayIssuedAt: number }): Promise<void>;
  get(outTradeNo: string): Promise<{ openid: string; prepayId: string; prepayIssuedAt: number }>;
};
declare const notification: { out_trade_no: string };
declare const out_trade_no: string;
declare const total_fee: number;
/** A template as `wxtpl codegen` writes it. */
declare const 订单支付成功通知: import('@wxtpl/server-sdk').TemplateDefinition<{
  订单号: 'keyword1';
  支付金额: 'keyword2';
}>;

/** A subscribe template's priTmplId, and the app's set of long-term ones. */
declare const tmplId: string;
declare const longTermIds: ReadonlySet<string>;
/** An Express app. */
declare const app: import('express').Express;
/** The app's metrics (prom-client counters, or any of the same shape). */
declare const metrics: { receipts(receipts: readonly unknown[]): void };
declare const sentCounter: { inc(labels: Record<string, string>): void };
declare const failedCounter: { inc(labels: Record<string, string>): void };
