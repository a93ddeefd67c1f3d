// A throughput model of campaigns, from the CPU each part spends per message, checked against
// measured runs. Every message costs CPU in the process that sends it (a worker, or the bench
// process for the notify loop), in the emulator (standing in for WeChat, which costs us nothing in
// production) and in Redis. A message rate is then bounded three ways:
//   workers × 1 core ÷ worker µs      each worker is one event loop
//   cores ÷ (sum of all parts' µs)    the machine is shared by every part (here: 2 cores)
//   1 core ÷ Redis µs                 Redis runs commands on one thread
// and the model's rate is the lowest bound. On a machine of its own per part (production: WeChat is
// remote), the cores bound leaves and the rate grows with workers until one Redis thread is full;
// on a Redis Cluster the takes spread over the nodes by user, while a campaign's own bookkeeping
// stays on its slot's node, so the bound becomes that node's share.
import { availableParallelism } from 'node:os';
import { processCpuMicros } from './harness/cpu.js';

/** CPU µs per message of each part. */
export interface CpuPerMessage {
  sender: number;
  emulator: number;
  redis: number;
  /** The bench process while workers send (starting and polling the campaign). */
  driver: number;
}

/** Reads the CPU of the parts now; `finish(messages)` gives µs per message since. */
export function cpuMeter(
  pids: { senders: (number | undefined)[]; emulator?: number; redis?: number },
  senderIsThisProcess: boolean,
) {
  const read = () => ({
    senders: pids.senders.reduce<number>((sum, pid) => sum + (processCpuMicros(pid) ?? 0), 0),
    emulator: processCpuMicros(pids.emulator) ?? 0,
    redis: processCpuMicros(pids.redis) ?? 0,
    self: cpuMicros(),
  });
  const before = read();
  return (messages: number): CpuPerMessage => {
    const after = read();
    const per = (a: number, b: number) => (messages > 0 ? (a - b) / messages : 0);
    const self = per(after.self, before.self);
    return {
      sender: senderIsThisProcess ? self : per(after.senders, before.senders),
      emulator: per(after.emulator, before.emulator),
      redis: per(after.redis, before.redis),
      driver: senderIsThisProcess ? 0 : self,
    };
  };
}

/** Messages/s the model gives `workers` senders at these costs on `cores` cores. */
export function predictRate(cost: CpuPerMessage, workers: number, cores = availableParallelism()) {
  const total = cost.sender + cost.emulator + cost.redis + cost.driver;
  const bounds = {
    workers: (workers * 1e6) / cost.sender,
    cores: (cores * 1e6) / total,
    redis: 1e6 / cost.redis,
  };
  const [limit, rate] = Object.entries(bounds).reduce((low, entry) =>
    entry[1] < low[1] ? entry : low,
  );
  return { rate, limit, bounds };
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}
