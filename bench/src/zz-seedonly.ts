import { readSettings } from '/work/main/bench/src/config.ts';
import { seededDataDir } from '/work/main/bench/src/servers.ts';
const { cfg } = readSettings();
const r = await seededDataDir(cfg);
console.log('seeded', r.dataDir, r.cached, r.seed.seedMs);
