/** Where an order is in its life. */
export type OrderStatus = 'created' | 'paid' | 'shipped' | 'delivered';

/** An order of the example shop. */
export interface Order {
  id: string;
  /** Human-facing order number, shown in the notifications. */
  orderNo: string;
  openid: string;
  item: string;
  /** Amount in fen (1/100 yuan). */
  amountFen: number;
  status: OrderStatus;
  /** WeChat Pay's prepay_id: the payment's 3 template-message sends. */
  prepayId: string;
  createdAt: number;
  carrier?: string;
  trackingNo?: string;
}

/** Thrown when an order cannot make the requested move (paying twice, shipping unpaid…). */
export class OrderStateError extends Error {
  override name = 'OrderStateError';
  constructor(
    readonly order: Order,
    readonly wanted: OrderStatus,
  ) {
    super(`order ${order.orderNo} is ${order.status}; it cannot become ${wanted}`);
  }
}

const NEXT: Record<OrderStatus, OrderStatus | null> = {
  created: 'paid',
  paid: 'shipped',
  shipped: 'delivered',
  delivered: null,
};

/**
 * The example keeps orders in memory: the point is the notifications, not the shop. A real
 * backend keeps them in its database, next to the prepay_id.
 */
export class OrderBook {
  private readonly orders = new Map<string, Order>();
  private sequence = 0;

  create(input: {
    openid: string;
    item: string;
    amountFen: number;
    prepayId: string;
    now?: number;
  }): Order {
    const now = input.now ?? Date.now();
    this.sequence += 1;
    const day = formatTime(now).replace(/^(\d+)年(\d+)月(\d+)日.*$/, '$1$2$3');
    const order: Order = {
      id: String(this.sequence),
      orderNo: `WX${day}${String(this.sequence).padStart(4, '0')}`,
      openid: input.openid,
      item: input.item,
      amountFen: input.amountFen,
      status: 'created',
      prepayId: input.prepayId,
      createdAt: now,
    };
    this.orders.set(order.id, order);
    return order;
  }

  get(id: string): Order | undefined {
    return this.orders.get(id);
  }

  /** Moves the order one step forward, or throws {@link OrderStateError}. */
  advance(order: Order, to: OrderStatus): Order {
    if (NEXT[order.status] !== to) throw new OrderStateError(order, to);
    order.status = to;
    return order;
  }
}

/** `2580` → `¥25.80`. */
export function formatFen(amountFen: number): string {
  return `¥${(amountFen / 100).toFixed(2)}`;
}

/** A timestamp as a Chinese user reads it: `2026年11月26日 18:05` (Asia/Shanghai). */
export function formatTime(epochMs: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}年${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}
