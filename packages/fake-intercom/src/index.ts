export { startFakeIntercom } from './fake-intercom-server.js';
export type { FakeIntercom, FakeIntercomOptions, FakeIntercomStats } from './fake-intercom-server.js';
export type { FaultKind, FaultRates } from './faults.js';
export { parseFaults } from './faults.js';
export type { AdvanceChanges, AdvanceResult } from './workspace/advance.js';
export type { TruthConversation, TruthPart, WorkspaceTruth } from './workspace/truth.js';
export type { PrerenderResult } from './routes/rendered-conversations.js';
export { Random, seededRandom } from './workspace/random.js';
