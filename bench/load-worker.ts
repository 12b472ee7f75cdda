// Runs in its own process so the load generator does not share a CPU budget with the server's
// event loop. Prints one JSON line: exact latency percentiles from every response.
import autocannon from "autocannon";

const [url, cookie, connections, seconds] = process.argv.slice(2);
const latencies: number[] = [];
const statuses = new Map<number, number>();

const result = await autocannon({
  url: url!,
  connections: Number(connections ?? 10),
  duration: Number(seconds ?? 10),
  headers: cookie ? { cookie } : {},
  setupClient: (client) => {
    client.on("response", (statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    });
  },
});

latencies.sort((a, b) => a - b);
const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
console.log(
  JSON.stringify({
    requests: latencies.length,
    rps: Math.round(result.requests.average),
    p50: percentile(50),
    p95: percentile(95),
    p99: percentile(99),
    max: latencies[latencies.length - 1],
    statuses: Object.fromEntries(statuses),
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
