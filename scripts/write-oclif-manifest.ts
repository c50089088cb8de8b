// Writes packages/cli/oclif.manifest.json (run by `npm pack` through prepack; postpack removes it), so
// the installed fic reads its commands' ids, flags and help from one file instead of importing every
// command at start. It is never kept in a clone: a stale manifest would hide a new command.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const cliRoot = fileURLToPath(new URL('../packages/cli/', import.meta.url));
const manifestPath = path.join(cliRoot, 'oclif.manifest.json');

if (process.argv.includes('--remove')) {
  fs.rmSync(manifestPath, { force: true });
} else {
  // The options oclif's own `oclif manifest` passes: read the built commands, fail on any that breaks.
  const plugin = new Plugin({
    root: cliRoot,
    type: 'core',
    isRoot: true,
    ignoreManifest: true,
    errorOnManifestCreate: true,
    respectNoCacheDefault: true,
  });
  await plugin.load();
  const commands = Object.keys(plugin.manifest.commands);
  if (commands.length === 0) throw new Error(`no commands found under ${cliRoot}dist/commands: build first`);
  fs.writeFileSync(manifestPath, `${JSON.stringify(plugin.manifest, null, 2)}\n`);
  process.stderr.write(`oclif.manifest.json: ${commands.length} commands\n`);
}
