import { main } from '../../api/src/bootstrap';

// The worker is the same system with ROLE=worker: projections (and later queues), /health, /metrics.
process.env.ROLE = 'worker';
void main();
