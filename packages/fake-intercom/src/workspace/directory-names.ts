/** Names for generated people, teams and tags. */

export const FIRST_NAMES: readonly string[] =
  `Olivia Liam Emma Noah Ava Elijah Sophia Lucas Mia Mateo Amelia Levi Harper
Ethan Evelyn James Aria Benjamin Chloe Oliver Yuki Haruto Wei Mei Aisha Omar Fatima Yusuf Priya Arjun Sofia
Diego Camila Lars Ingrid Chiara Luca Zoe Felix Noor Hana Kenji Ama Kwame Leila Dmitri Anya Siobhan Ciaran`
    .split(/\s+/)
    .filter((name) => name.length > 0);

export const LAST_NAMES: readonly string[] =
  `Smith Johnson Garcia Müller Rossi Tanaka Chen Wang Kim Nguyen Patel Singh
O'Brien Murphy Dubois Martin Silva Santos Kowalski Novak Johansson Larsen Cohen Haddad Okafor Mensah Ivanova
Fischer Moreau Lopez Hernández Ali Khan Sato Suzuki Lee Park Brown Wilson Taylor Anderson Thomas Moore`
    .split(/\s+/)
    .filter((name) => name.length > 0);

export const COMPANY_DOMAINS: readonly string[] = [
  'gmail.com',
  'outlook.com',
  'yahoo.com',
  'icloud.com',
  'acme.com',
  'globex.io',
  'initech.com',
  'umbrella.co',
  'hooli.com',
  'piedpiper.io',
  'stark.industries',
  'wayne.enterprises',
  'soylent.co',
  'tyrell.com',
  'cyberdyne.io',
];

export const TAG_NAMES: readonly string[] =
  `billing refund bug feature-request vip enterprise churn-risk onboarding
shipping login sso mobile ios android api integrations slack salesforce gdpr security performance outage
urgent escalated follow-up feedback pricing trial renewal upgrade downgrade chargeback spam duplicate
needs-triage docs-gap happy-customer angry-customer partner beta`
    .split(/\s+/)
    .filter((name) => name.length > 0);

export const TEAM_NAMES: readonly string[] = [
  'Support',
  'Billing',
  'Technical Support',
  'Sales',
  'VIP Success',
  'Escalations',
];

export const JOB_TITLES: readonly string[] = [
  'Support Specialist',
  'Support Engineer',
  'Customer Success Manager',
  'Team Lead',
  'Head of Support',
  'Account Executive',
];
