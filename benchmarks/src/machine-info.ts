import os from 'node:os';
import Database from 'better-sqlite3';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  sqlite: string;
}

/** The machine a report was measured on. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    sqlite: sqliteVersion(),
  };
}

function sqliteVersion(): string {
  const connection = new Database(':memory:');
  try {
    return (connection.prepare('SELECT sqlite_version() AS version').get() as { version: string }).version;
  } finally {
    connection.close();
  }
}
