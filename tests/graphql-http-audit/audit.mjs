// Runs the graphql-http audit of the GraphQL-over-HTTP spec against a running server and prints every result
// as JSON: [{ "id", "name", "status": "ok" | "notice" | "warn" | "error", "reason", "responseStatus" }].
// Usage: node audit.mjs http://127.0.0.1:5080/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('Usage: node audit.mjs <GraphQL endpoint URL>');
  process.exit(2);
}

const results = await auditServer({ url });
console.log(JSON.stringify(results.map((r) => ({
  id: r.id,
  name: r.name,
  status: r.status,
  reason: r.status === 'ok' ? null : r.reason,
  responseStatus: r.status === 'ok' ? null : r.response.status,
})), null, 2));
