// PostGraphile 5 over the benchmark's database: the views of setup.sql only, through the read-only role, as a
// production server (no GraphiQL, no watch mode). The harness gives the connection string and port.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.PEER_DATABASE_URL,
      schemas: ["postgraphile"],
      poolConfig: { max: Number(process.env.PEER_POOL_SIZE ?? 20) },
    }),
  ],
  schema: {
    // Filters through relations (the headline question's models → evidence → areas) are off by default.
    connectionFilterRelations: true,
  },
  grafserv: {
    host: "127.0.0.1",
    port: Number(process.env.PEER_PORT ?? 5678),
    graphiql: false,
    watch: false,
  },
  grafast: { explain: false },
};

export default preset;
