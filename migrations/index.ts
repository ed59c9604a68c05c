/**
 * Every migration STUI ships. Importing this module registers them; the log imports it so that no
 * reader can see an entry or a store that was not migrated.
 */
import './workspaceEdited.js';
import './streamIndex.js';
import './typeIndex.js';
import './sessionSnapshotTails.js';

export { currentVersion, upcast, registerUpcaster, type Upcaster } from './upcasters.js';
export { applyEdit, type WorkspaceEditedV1, type WorkspaceEditedV2 } from './workspaceEdited.js';
export {
  CURRENT_FORMAT,
  ENTRY_BLOCK,
  migrateStore,
  readMigrationRecords,
  registerStoreMigration,
  type MigrationRecord,
  type StoreMigration,
  type SnapshotRecord,
  type StoreMigrationContext,
} from './storeFormat.js';
