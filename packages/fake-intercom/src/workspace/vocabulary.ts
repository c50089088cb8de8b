/**
 * Words for generated message bodies. The general vocabulary is ordered roughly by frequency and drawn
 * with a Zipf distribution; topic words appear only in conversations about that topic, so a search for
 * a topic word matches a realistic fraction of conversations rather than all of them.
 */

import { TOPICS } from './topics.js';

const COMMON = `the to and a i you it of is that for in my we on this have be your can with not are but
was me so do if at our just please an what there get it's from or as know would all will when
any can't i'm don't one they has like now out need been us help thanks up about how time here
work see still have had some see new also yes no only back did could trying then does them more
because way which again use going should want let after why other same their working right able
today way issue problem looks seems sure account make think let's tried something into see
hi hello hey thank team thanks team looking check checked update updated sorry happy glad great
really quick question questions answer info information details page screen button click clicked
settings option options error message messages email emails support customer customers user users
app application website site link links file files data system version browser chrome safari
firefox windows mac iphone android phone computer laptop device devices morning afternoon evening
day days week weeks month months year yesterday tomorrow minutes hours hour minute soon later
first last next previous before after since until while during around between under over through
without within across along against among upon toward towards above below behind beside near
very much many most more less few little lot lots bit enough quite rather almost already always
never often sometimes usually maybe perhaps probably definitely actually basically literally
exactly simply totally completely especially unfortunately hopefully currently recently finally
instead anyway otherwise however although though even ever yet both either neither each every
another such own same different important possible available correct wrong fine good bad better
best worse worst easy hard simple difficult clear unclear strange weird odd normal usual expected
unexpected long short big small large huge tiny high low fast slow early late old new young
free full empty open closed whole half main real true false sure certain ready busy late
said says say told tell ask asked asking see seen saw look looked find found give gave given
take took taken come came go went gone keep kept put set run ran show showed shown try tried
call called send sent receive received get got getting made make makes making need needed needs
want wanted wants seem seemed feel felt leave left mean meant means bring brought begin began
start started starting stop stopped happen happened happens change changed changes move moved
follow followed add added remove removed delete deleted create created save saved load loaded
write wrote written read type typed enter entered select selected choose chose chosen appear
appeared display displayed return returned reply replied respond responded contact contacted
explain explained understand understood confirm confirmed provide provided include included
mention mentioned notice noticed realize realized remember forgot forget expect expected
agree allow allowed assume believe hope hoped guess wonder wondering prefer suggest suggested
recommend recommended require required manage managed handle handled fix fixed resolve resolved
solve solved test tested share shared connect connected install installed upgrade upgraded
downgrade configure configured enable enabled disable disabled access accessed reset
people person someone anyone everyone nobody something anything everything nothing thing things
place part parts case cases point points fact example number numbers name names word words
idea ideas reason reasons result results way ways side kind sort type types group groups
company business office manager colleague colleagues boss client clients partner partners
project projects plan plans process step steps order orders item items product products
service services feature features tool tools report reports list lists table form forms field
fields value values section sections tab tabs menu menus window windows view views mode level
status state note notes comment comments request requests response responses feedback
experience quality price cost amount total balance rate fee fees limit limits range size
team's today's company's customer's user's it'll we'll you'll i'll we're you're they're
isn't wasn't aren't weren't doesn't didn't haven't hasn't won't wouldn't couldn't shouldn't
here's there's that's what's who's let's i've you've we've i'd you'd we'd`;

const SUPPORT = `ticket escalate escalated engineering engineers developer developers specialist agent
agents workaround temporary permanent priority urgent asap apologies apologize inconvenience
patience appreciate appreciated understanding frustrating frustrated annoying confused confusing
disappointed delighted pleased satisfied unsatisfied helpful unhelpful documentation article
articles guide guides tutorial video screenshot screenshots recording attached attachment
attachments steps reproduce reproduced logs console network timeout latency outage downtime
maintenance incident investigating investigation monitoring deployed deployment release
released rollout beta feature-flag dashboard workspace workspaces admin admins teammate
teammates seat seats role roles permission permissions owner owners member members invite
invited invitation onboarding setup migration migrate migrated import imported sync synced
syncing integration api endpoint webhook webhooks token tokens key keys config configuration
environment staging production sandbox domain domains dns ssl certificate server servers
database backup backups storage upload uploaded download downloaded csv spreadsheet pdf
template templates campaign campaigns segment segments filter filters search searched
analytics metrics chart charts conversion funnel traffic visitors leads pipeline crm calendar
meeting meetings demo call calls schedule scheduled timezone language translation translate
accessibility keyboard shortcut shortcuts notification preferences profile avatar photo
photos image images logo branding theme color colors font fonts layout mobile desktop tablet
responsive offline online connection wifi cache cookies incognito extension extensions plugin
plugins version latest outdated compatible compatibility supported unsupported deprecated`;

/** Inflections that stretch the lists into a few thousand distinct, plausible words. */
const SUFFIXES = ['s', 'ed', 'ing', 'er'];

function buildGeneralWords(): string[] {
  const base = `${COMMON}\n${SUPPORT}`.split(/\s+/).filter((word) => word.length > 0);
  const seen = new Set<string>();
  const words: string[] = [];
  for (const word of base) {
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  // Rarer inflected forms go to the tail of the Zipf ranking, like real rare words.
  for (const suffix of SUFFIXES) {
    for (const word of base) {
      if (word.length < 4 || /['-]/.test(word) || /(s|ed|ing|ly)$/.test(word)) continue;
      const form = word.endsWith('e') && suffix !== 's' ? word.slice(0, -1) + suffix : word + suffix;
      if (!seen.has(form) && !TOPIC_WORD_SET.has(form)) {
        seen.add(form);
        words.push(form);
      }
    }
  }
  return words;
}

const TOPIC_WORD_SET = new Set(TOPICS.flatMap((topic) => topic.words));

/** General words by descending frequency (rank 0 is the most common). */
export const GENERAL_WORDS: readonly string[] = buildGeneralWords().filter(
  (word) => !TOPIC_WORD_SET.has(word),
);

export const ADMIN_REPLIES: readonly string[] = [
  'Thanks for reaching out',
  'Thanks for your patience while we looked into this',
  'I completely understand how frustrating this must be',
  'Let me check that for you',
  'I have passed this on to our engineering team',
  'Could you send me a screenshot of what you see',
  'I just checked your account and',
  'Good news, this should now be fixed',
  'I am sorry for the inconvenience',
  'Happy to help with that',
];

export const CONTACT_REPLIES: readonly string[] = [
  'Thanks for the quick reply',
  'Still not working for me',
  'I tried that but it did not help',
  'Here is the screenshot you asked for',
  'That worked, thank you so much',
  'Any update on this',
  'Ok, I will wait to hear back',
  'Sorry, one more question',
];

export const NOTES: readonly string[] = [
  'Customer is on the enterprise plan, handle with care',
  'Looks like the same issue as last week',
  'Escalated to engineering, see the linked ticket',
  'Checked the logs, nothing obvious yet',
  'VIP account, reply within the hour',
];

export const EMOJI: readonly string[] = ['🙂', '🙏', '👍', '😅', '🎉', '😞', '🚀', '❤️', '🤔', '✅'];

/** Non-Latin snippets: some customers write in Japanese, Chinese, Arabic or Hebrew. */
export const FOREIGN_SENTENCES: readonly string[] = [
  'ログインできません。パスワードをリセットしても同じエラーが出ます。',
  '请问如何导出所有的联系人数据？',
  '我的订单还没有收到，请帮我查一下物流信息。',
  'لا أستطيع تسجيل الدخول إلى حسابي منذ الصباح.',
  'שלום, החיוב החודשי שלי כפול, אפשר לבדוק?',
  '환불을 요청하고 싶습니다.',
];
