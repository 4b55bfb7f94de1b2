/** The sync benchmark's command-line options (see bench/sync-bench.ts for the usage line). */
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const text = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback
}

/** The options, read once. */
export const ARGS = {
  entities: arg('entities', 200),
  profiles: arg('profiles', 100),
  global: arg('global', 32),
  perDc: arg('per-dc', 16),
  f2cSeconds: arg('f2c-seconds', 30),
  seqSample: arg('seq-sample', 2),
  maxPolls: arg('max-polls', 16),
  /** Which parts run: cycle, steady, dc-failure (comma-separated) or all. */
  scenarios: text('scenario', 'all'),
  steadyEntities: arg('steady-entities', 20),
  steadyTravellers: arg('steady-travellers', 200),
  steadyCycles: arg('steady-cycles', 8),
  /** Share of an entity's travellers changed in Concur per 15-minute interval. */
  steadyChangeRate: arg('steady-change-rate', 0.03),
  /** Entities at the healthy data centre (us2) and at the failing one (eu2). */
  healthyEntities: arg('healthy-entities', 10),
  failingEntities: arg('failing-entities', 4),
  failureProfiles: arg('failure-profiles', 100),
  /** The two-instance team cycle (PostgreSQL only). */
  teamEntities: arg('team-entities', 1000),
  teamProfiles: arg('team-profiles', 20),
  /** Where the engine keeps its state: sqlite (a temp file) or postgres (DESK_TEST_POSTGRES_URL). */
  backend: text('backend', 'sqlite') as 'sqlite' | 'postgres',
  concurMs: 50,
  facesMs: 30,
}

/** True when a scenario was asked for. */
export function wants(scenario: 'cycle' | 'steady' | 'dc-failure' | 'team'): boolean {
  return ARGS.scenarios === 'all' || ARGS.scenarios.split(',').includes(scenario)
}
