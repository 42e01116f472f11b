import { startPostgresCluster } from '../test/support/postgres-cluster.js';
const c = await startPostgresCluster();
console.log(c.url);
setInterval(() => {}, 1 << 30);
process.on('SIGTERM', () => { c.stop(); process.exit(0); });
