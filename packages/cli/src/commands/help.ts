import * as Args from '@oclif/core/args';
import { Command } from '@oclif/core/command';
import { loadHelpClass } from '@oclif/core/help';

/** `fic help [command]`, as gh and oclif's plugin-help have it: the same text as --help and -h. */
export default class Help extends Command {
  static override description = 'Show help for fic or for one command.';
  static override examples = ['<%= config.bin %> help', '<%= config.bin %> help sync'];
  static override strict = false;
  static override args = {
    command: Args.string({ description: 'The command to explain (words of a topic command too).' }),
  };

  async run(): Promise<void> {
    const { argv } = await this.parse(Help);
    const HelpClass = await loadHelpClass(this.config);
    const help = new HelpClass(this.config, this.config.pjson.oclif.helpOptions);
    await help.showHelp(argv as string[]);
  }
}
