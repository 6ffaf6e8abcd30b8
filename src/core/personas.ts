/**
 * The national persona catalogue: the kinds of decision-maker the Atlas knows before any workspace
 * adds its own. `key` personas are the ten of source 001 (the decision-makers industry most needs to
 * understand in the reformed NHS); `base` personas are the everyday roles around them (practice,
 * PCN, trust, ICB and network posts) that posts and the demo generator also use.
 *
 * Summaries and "looks for" phrases are the project's own words, written from the sources; they
 * name roles, never people. The catalogue is seeded into `personas` (workspace_id NULL) at every
 * start by `ensurePersonaCatalogue` (src/services/load-personas.ts), and docs/people.md lists it.
 * Pure: no I/O.
 */
import type { Decision, Level, Profession } from './people.ts';

/** One persona of the national catalogue. */
export interface CataloguePersona {
  /** stable identifier, lower-case letters, digits and _ (posts and imports refer to it) */
  code: string;
  name: string;
  /** 'key': one of the ten personas of source 001; 'base': an everyday role around them */
  category: 'key' | 'base';
  /** the level of the system the persona usually works at */
  level: Level;
  /** two to four sentences: what the role is and why it matters to a proposal */
  summary: string;
  /** the decisions the persona influences */
  decisions: readonly Decision[];
  /** what the persona looks for in a proposal: three to six short phrases */
  looks_for: readonly string[];
  /** the professions that typically hold it */
  professions: readonly Profession[];
  /** position in lists: key personas first, in source 001's order */
  sort_order: number;
}

const KEY: readonly CataloguePersona[] = [
  {
    code: 'clinical_network_lead',
    name: 'Clinical Network Lead',
    category: 'key',
    level: 'system',
    summary:
      'Sets the agenda of a clinical network and chooses which priorities it carries into its discussions with the integrated care system. ' +
      'Because most systems give their clinical networks a formal place in governance, this lead has real weight in pathway redesign, work on health inequalities and the take-up of innovation. ' +
      'What the network endorses changes what the local workforce is asked to do.',
    decisions: ['pathway_redesign', 'pilot_adoption', 'workforce_resourcing'],
    looks_for: [
      'Improvement to the whole pathway, not the product alone',
      "Fit with the network's and the system's priorities",
      'Effect on health inequalities and under-served groups',
      'Evidence from real-world use',
      'Costed, measurable benefits',
    ],
    professions: ['consultant', 'gp', 'nurse', 'pharmacist', 'allied_health_professional'],
    sort_order: 10,
  },
  {
    code: 'cancer_alliance_leadership',
    name: 'Cancer Alliance leadership and members',
    category: 'key',
    level: 'regional',
    summary:
      'Cancer Alliances are the most mature and best-established kind of clinical network. ' +
      'They bring providers, commissioners and patients together to design cancer services jointly, make pathways work better, join up care and narrow unwarranted variation across a footprint of one or more systems. ' +
      "Their leaders and members judge a proposal by what it does for the alliance's pathway priorities.",
    decisions: ['pathway_redesign', 'service_specification', 'pilot_adoption'],
    looks_for: [
      'Faster, simpler cancer pathways',
      'Less variation between providers',
      'Help with elective recovery and waiting lists',
      'Costed, measurable benefits',
      'Patients involved in the design',
    ],
    professions: ['consultant', 'nurse', 'gp', 'manager', 'commissioner', 'patient_representative'],
    sort_order: 20,
  },
  {
    code: 'clinical_reference_group_member',
    name: 'Clinical reference group member',
    category: 'key',
    level: 'national',
    summary:
      "Clinical reference groups advise NHS England's national and regional teams on specialised commissioning, above all by drafting service specifications and clinical policies. " +
      'As commissioning of many specialised services passes to integrated care boards, with NHS England keeping overall accountability, the groups stay busy: they shape specifications, influence decisions and review how systems manage their new responsibility.',
    decisions: ['specialised_commissioning', 'service_specification'],
    looks_for: [
      'Evidence strong enough for specialised commissioning',
      'Fit with the national service specification',
      'The same outcomes wherever patients are treated',
      'Support for systems taking on delegated services',
    ],
    professions: [
      'consultant',
      'nurse',
      'pharmacist',
      'healthcare_scientist',
      'commissioner',
      'patient_representative',
    ],
    sort_order: 30,
  },
  {
    code: 'ics_programme_lead',
    name: 'ICS Programme Lead and Programme Manager',
    category: 'key',
    level: 'system',
    summary:
      'Every integrated care system works to a five-year plan built from broad programmes such as cancer, mental health, urgent care and medicines optimisation. ' +
      'The programme lead is the senior responsible officer for one of them and reports to the board on progress against the plan, which also takes in the disease-area strategies. ' +
      'A programme manager runs the workstreams day to day with a mixed team of clinicians, nurses and others drawn from across the system.',
    decisions: ['pathway_redesign', 'budget', 'pilot_adoption', 'workforce_resourcing'],
    looks_for: [
      "A clear link to the system's service plan and local targets",
      'Costed, measurable benefits',
      'Progress the board can see against the plan',
      'A delivery plan the programme team can run',
    ],
    professions: ['manager', 'commissioner', 'nurse', 'gp'],
    sort_order: 40,
  },
  {
    code: 'service_lead',
    name: 'Service Lead',
    category: 'key',
    level: 'provider',
    summary:
      "Working inside a trust, the service lead turns the system's plans into a running service, holding the operational budget and planning the staff and resources it needs. " +
      'They matter most when a proposal changes who does the work or where: a medicine that no longer needs an infusion, or care given remotely or by a primary care or community team. ' +
      'They also take part in multidisciplinary discussions about how the pathway is staffed.',
    decisions: ['budget', 'workforce_resourcing', 'pathway_redesign'],
    looks_for: [
      'Effect on staff time and capacity',
      'Fewer appointments or infusion sessions',
      'Care moved to primary care, community teams or remote follow-up',
      'Fit with the service budget',
    ],
    professions: ['manager', 'consultant', 'nurse', 'allied_health_professional'],
    sort_order: 50,
  },
  {
    code: 'transformation_lead',
    name: 'Transformation Lead',
    category: 'key',
    level: 'system',
    summary:
      'Many systems now appoint transformation leads to organise change and speed it up: finding innovative practice, helping it through a pilot and making it mainstream. ' +
      'Their teams work project by project with clinicians and service leads, shaping and embedding a pilot before handing it over to run at scale. ' +
      'They often lead enabling programmes such as digital or workforce development, and can become strong advocates for a proposal that brings new ways of working.',
    decisions: ['pilot_adoption', 'pathway_redesign', 'workforce_resourcing'],
    looks_for: [
      'A pilot that can be shaped, proved and handed over',
      'New ways of working the system can spread',
      'Support for digital or workforce programmes',
      'A clear approach to managing change',
    ],
    professions: ['manager', 'nurse', 'allied_health_professional'],
    sort_order: 60,
  },
  {
    code: 'ics_chief_pharmacist',
    name: 'ICS Chief Pharmacist',
    category: 'key',
    level: 'system',
    summary:
      'A newer system-wide post, central to the national medicines optimisation programme as systems strengthen their medicines capability. ' +
      "The chief pharmacist sets one vision for medicines and pharmacy across the system and leads the integrated care board's medicines management teams. " +
      'Most systems now have one in post.',
    decisions: ['formulary', 'budget', 'workforce_resourcing', 'pathway_redesign'],
    looks_for: [
      'Better value from medicines across the whole system',
      'Fit with the medicines optimisation programme',
      'Effect on prescribing spend',
      'Good use of the pharmacy workforce',
    ],
    professions: ['pharmacist'],
    sort_order: 70,
  },
  {
    code: 'apc_member',
    name: 'Area prescribing committee member',
    category: 'key',
    level: 'system',
    summary:
      'Area prescribing committees decide together what goes on the formulary and, since clinical commissioning groups were folded into integrated care boards, mostly do so for a whole system. ' +
      'Their membership and balance of influence changed when they were reorganised. ' +
      'Members value clear, targeted information about a new product in time for their discussions.',
    decisions: ['formulary'],
    looks_for: [
      'Clear, targeted information about a product launch',
      'Clinical and cost evidence for a formulary decision',
      'Effect on the medicines budget',
      'Guidance on shared care between sectors',
    ],
    professions: ['pharmacist', 'gp', 'consultant', 'nurse', 'commissioner'],
    sort_order: 80,
  },
  {
    code: 'high_cost_drug_pharmacist',
    name: 'High Cost Drug Pharmacist and the ICS High Cost Drug Pharmacist Lead',
    category: 'key',
    level: 'provider',
    summary:
      'Hospital pharmacists attached to departments that use a range of high-cost drugs, whose specialist knowledge helps change happen on the ground. ' +
      'They help these medicines move smoothly into homecare delivery and sit in the clinical multidisciplinary team. ' +
      "They work with the system's high-cost drug pharmacist lead, who manages, audits and reports on the several hundred high-cost drugs in use.",
    decisions: ['formulary', 'budget', 'pathway_redesign'],
    looks_for: [
      'A smooth route into homecare delivery',
      'Effect on high-cost drug spend and its reporting',
      "A practical fit with the department's multidisciplinary team",
      'Data that supports audit',
    ],
    professions: ['pharmacist'],
    sort_order: 90,
  },
  {
    code: 'pcn_clinical_pharmacist_lead',
    name: 'PCN Clinical Pharmacist Team Lead',
    category: 'key',
    level: 'neighbourhood',
    summary:
      "Leads a primary care network's clinical pharmacists: checking medicines after hospital discharge, yearly medication reviews, cutting problems from polypharmacy, national medicines priorities such as lower-carbon inhalers, medicines cost-effectiveness schemes and, with the right training, long-term condition clinics. " +
      'They help bring in new practice where it saves GP time, which makes them central to scaling up change and making it stick in general practice.',
    decisions: ['formulary', 'pilot_adoption', 'workforce_resourcing'],
    looks_for: [
      'GP time saved',
      'Safer medicines use for people on many medicines',
      'Support for national medicines priorities',
      'Savings under medicines cost-effectiveness schemes',
      'Change that can scale across the practices',
    ],
    professions: ['pharmacist', 'pharmacy_technician'],
    sort_order: 100,
  },
];

const BASE: readonly CataloguePersona[] = [
  {
    code: 'ics_programme_manager',
    name: 'ICS programme manager',
    category: 'base',
    level: 'system',
    summary:
      "Runs one or more workstreams of a system programme day to day, under the programme's senior responsible officer. " +
      'Brings together clinicians, nurses and managers from across the system and keeps the delivery plan moving.',
    decisions: ['pathway_redesign', 'pilot_adoption'],
    looks_for: [
      'A plan that fits the workstream',
      'Practical help with delivery',
      'Measures the board will recognise',
    ],
    professions: ['manager', 'nurse', 'allied_health_professional'],
    sort_order: 200,
  },
  {
    code: 'ics_hcd_pharmacist_lead',
    name: 'ICS high-cost drug pharmacist lead',
    category: 'base',
    level: 'system',
    summary:
      'Oversees high-cost drugs across the system: manages their use, audits it and reports on it. ' +
      "Works with the hospital high-cost drug pharmacists in the system's trusts.",
    decisions: ['formulary', 'budget'],
    looks_for: [
      'Clear effect on high-cost drug spend',
      'Data that supports audit and reporting',
      'Consistent use across trusts',
    ],
    professions: ['pharmacist'],
    sort_order: 210,
  },
  {
    code: 'pcn_clinical_director',
    name: 'PCN clinical director',
    category: 'base',
    level: 'neighbourhood',
    summary:
      'Leads a primary care network of neighbouring GP practices, usually a GP from one of them. ' +
      'Speaks for the network at place and system level and decides how its shared staff and services are used.',
    decisions: ['workforce_resourcing', 'budget', 'pilot_adoption', 'pathway_redesign'],
    looks_for: [
      'GP and practice time saved',
      'Benefit for the local population',
      'Fit with network contract priorities',
    ],
    professions: ['gp'],
    sort_order: 220,
  },
  {
    code: 'pcn_manager',
    name: 'PCN manager',
    category: 'base',
    level: 'neighbourhood',
    summary:
      'Runs the business of a primary care network: its staff, contracts, money and reporting. ' +
      "Turns the clinical director's decisions into rotas, services and returns.",
    decisions: ['workforce_resourcing', 'budget'],
    looks_for: [
      'Little extra administration',
      'Clear costs and funding',
      'Fit with the roles the network employs',
    ],
    professions: ['manager'],
    sort_order: 230,
  },
  {
    code: 'network_manager',
    name: 'Network manager',
    category: 'base',
    level: 'system',
    summary:
      'The lead manager of a clinical network, one of the three leads of a managed network with the lead doctor and lead nurse. ' +
      'Keeps the network focused: assessing local need, mapping gaps in the pathway, setting standards and making sure decisions are followed through.',
    decisions: ['pathway_redesign', 'service_specification'],
    looks_for: [
      'Help with needs assessment and gap analysis',
      'Data the network can audit',
      'Support that keeps work moving between meetings',
    ],
    professions: ['manager'],
    sort_order: 240,
  },
  {
    code: 'network_clinical_lead',
    name: 'Network clinical lead (lead doctor)',
    category: 'base',
    level: 'system',
    summary:
      'The lead doctor of a managed clinical network, sharing its leadership with the lead nurse and the lead manager. ' +
      'Gives the network clinical direction and credibility with colleagues across primary, secondary and tertiary care.',
    decisions: ['pathway_redesign', 'service_specification', 'formulary'],
    looks_for: [
      'Evidence that follows national guidance',
      'Measurable outcomes',
      'Benefit across the whole pathway',
    ],
    professions: ['consultant', 'gp'],
    sort_order: 250,
  },
  {
    code: 'network_nursing_lead',
    name: 'Network nursing lead',
    category: 'base',
    level: 'system',
    summary:
      'The lead nurse of a managed clinical network, one of its three leads. ' +
      'Brings the nursing view of the pathway and of the workforce changes network decisions cause.',
    decisions: ['pathway_redesign', 'workforce_resourcing'],
    looks_for: ['Effect on nursing roles and training', 'Better patient experience', 'Care closer to home'],
    professions: ['nurse'],
    sort_order: 260,
  },
  {
    code: 'network_professional_lead',
    name: 'Network professional lead',
    category: 'base',
    level: 'system',
    summary:
      'A lead from another profession in a managed clinical network, such as a pharmacist, therapist or healthcare scientist. ' +
      "Speaks for that profession's part of the pathway.",
    decisions: ['pathway_redesign', 'workforce_resourcing'],
    looks_for: ["Effect on their profession's work", 'Training needs', 'Evidence from practice'],
    professions: ['pharmacist', 'allied_health_professional', 'healthcare_scientist', 'psychologist'],
    sort_order: 270,
  },
  {
    code: 'consultant',
    name: 'Consultant',
    category: 'base',
    level: 'provider',
    summary:
      'A senior hospital specialist, still one of the most influential voices on how a pathway runs and which medicines are used. ' +
      'Some are opinion leaders whose view carries across a network and into system decisions.',
    decisions: ['pathway_redesign', 'formulary'],
    looks_for: [
      'Strong clinical evidence',
      'Better outcomes for patients',
      'A workable change to clinical practice',
    ],
    professions: ['consultant'],
    sort_order: 280,
  },
  {
    code: 'gp_partner',
    name: 'GP partner',
    category: 'base',
    level: 'neighbourhood',
    summary:
      'A GP who is a partner in a practice, sharing in running it as a business as well as seeing patients. ' +
      'Decides with the other partners how the practice uses its staff, time and money.',
    decisions: ['budget', 'workforce_resourcing', 'pilot_adoption'],
    looks_for: ['Time saved for clinicians', 'Benefit for the practice population', 'Little extra workload'],
    professions: ['gp'],
    sort_order: 290,
  },
  {
    code: 'salaried_gp',
    name: 'Salaried GP',
    category: 'base',
    level: 'neighbourhood',
    summary:
      'A GP employed by a practice or network rather than a partner in it. ' +
      'Often leads a clinical area for the practice and shapes how guidance is applied day to day.',
    decisions: ['pilot_adoption'],
    looks_for: ['Clear clinical guidance', 'Less time per patient', 'Tools that fit the consultation'],
    professions: ['gp'],
    sort_order: 300,
  },
  {
    code: 'practice_manager',
    name: 'Practice manager',
    category: 'base',
    level: 'neighbourhood',
    summary:
      "Runs a GP practice's staff, finances, premises and systems. " +
      'Often the person who decides whether a new service or way of working can be fitted into the practice.',
    decisions: ['budget', 'workforce_resourcing'],
    looks_for: ['Clear costs and income', 'Little extra administration', 'Fit with practice systems'],
    professions: ['manager'],
    sort_order: 310,
  },
  {
    code: 'practice_nurse',
    name: 'Practice nurse',
    category: 'base',
    level: 'neighbourhood',
    summary:
      'A nurse in a GP practice, often running long-term condition reviews, immunisation and prevention work. ' +
      'Much new primary care practice lands on their clinics.',
    decisions: ['pilot_adoption'],
    looks_for: [
      'Practical training',
      'Time saved in clinics',
      'Better outcomes for people with long-term conditions',
    ],
    professions: ['nurse'],
    sort_order: 320,
  },
  {
    code: 'icb_chief_executive',
    name: 'ICB chief executive',
    category: 'base',
    level: 'system',
    summary:
      'Leads the integrated care board, the statutory body that plans and commissions care for the system. ' +
      'Accountable for the system plan, its money and its performance.',
    decisions: ['budget', 'pathway_redesign'],
    looks_for: [
      'Fit with the system strategy',
      'Costed, measurable benefits',
      'Effect on health inequalities',
    ],
    professions: ['manager'],
    sort_order: 330,
  },
  {
    code: 'icb_medical_director',
    name: 'ICB medical director',
    category: 'base',
    level: 'system',
    summary:
      "The integrated care board's senior doctor, responsible for clinical strategy, quality and clinical leadership across the system. " +
      'Often chairs or sponsors the clinical groups and networks the board relies on for advice.',
    decisions: ['pathway_redesign', 'service_specification', 'formulary'],
    looks_for: [
      'Clinical evidence and outcomes',
      'Fit with the clinical strategy',
      'Less unwarranted variation',
    ],
    professions: ['gp', 'consultant', 'doctor'],
    sort_order: 340,
  },
  {
    code: 'icb_chief_nurse',
    name: 'ICB chief nurse',
    category: 'base',
    level: 'system',
    summary:
      "The integrated care board's senior nurse, responsible for quality, safety, patient experience and the nursing workforce across the system. " +
      'Weighs how a change to a pathway lands on nurses and on the people they care for.',
    decisions: ['workforce_resourcing', 'pathway_redesign', 'service_specification'],
    looks_for: ['Safer care', 'Better patient experience', 'Effect on the nursing workforce'],
    professions: ['nurse', 'midwife'],
    sort_order: 350,
  },
  {
    code: 'icb_finance_director',
    name: 'ICB director of finance',
    category: 'base',
    level: 'system',
    summary:
      "Holds the integrated care board's budget and its financial plan. " +
      "Judges whether a proposal's costs and savings are real and who bears them.",
    decisions: ['budget'],
    looks_for: [
      'Costed benefits with a clear payback',
      'Who pays and who saves',
      'Risks to the financial plan',
    ],
    professions: ['finance', 'manager'],
    sort_order: 360,
  },
  {
    code: 'medicines_optimisation_lead',
    name: 'Medicines optimisation lead',
    category: 'base',
    level: 'system',
    summary:
      "Leads medicines optimisation work in the integrated care board's medicines team, under the chief pharmacist. " +
      'Runs prescribing projects, supports the area prescribing committee and works with practice and network pharmacists.',
    decisions: ['formulary', 'budget'],
    looks_for: [
      'Effect on prescribing quality and spend',
      'Fit with the formulary',
      'Tools practices can use',
    ],
    professions: ['pharmacist', 'pharmacy_technician'],
    sort_order: 370,
  },
  {
    code: 'place_lead',
    name: 'Place lead',
    category: 'base',
    level: 'place',
    summary:
      'Leads a place-based partnership, where the NHS, the council and others plan care together for a local authority area. ' +
      "Links neighbourhood work in primary care networks to the system's decisions.",
    decisions: ['pathway_redesign', 'budget'],
    looks_for: [
      'Benefit for the local population',
      'Partnership between health and care',
      'Effect on health inequalities',
    ],
    professions: ['manager', 'commissioner'],
    sort_order: 380,
  },
  {
    code: 'director_of_public_health',
    name: 'Director of public health',
    category: 'base',
    level: 'place',
    summary:
      "Leads a local authority's public health team, and its work on prevention and the health of the whole population. " +
      'Commissions public health services and sets out local health needs.',
    decisions: ['service_specification', 'pathway_redesign'],
    looks_for: ['Prevention', 'Effect on health inequalities', 'Population-level evidence'],
    professions: ['public_health'],
    sort_order: 390,
  },
  {
    code: 'social_care_lead',
    name: 'Adult social care lead',
    category: 'base',
    level: 'place',
    summary:
      'Leads adult social care for a local authority, a key partner of health networks for people who need both kinds of care. ' +
      'Decides how council care services work with the NHS pathway.',
    decisions: ['pathway_redesign', 'workforce_resourcing'],
    looks_for: ['Joined-up health and social care', 'Fewer avoidable admissions', 'Support for carers'],
    professions: ['social_worker', 'social_care_practitioner', 'manager'],
    sort_order: 400,
  },
  {
    code: 'trust_chief_executive',
    name: 'Trust chief executive',
    category: 'base',
    level: 'provider',
    summary:
      "Leads an NHS trust and answers for its performance, its finances and its part in the system's plans. " +
      'Signs off the larger changes to services, staffing and spending that a proposal may need.',
    decisions: ['budget', 'workforce_resourcing'],
    looks_for: [
      'Effect on waiting lists and capacity',
      'Costed, measurable benefits',
      'Fit with system priorities',
    ],
    professions: ['manager'],
    sort_order: 410,
  },
  {
    code: 'trust_medical_director',
    name: 'Trust medical director',
    category: 'base',
    level: 'provider',
    summary:
      "A trust's senior doctor, responsible for clinical quality, safety and its medical staff. " +
      'Backs or blocks changes to how clinical services are delivered.',
    decisions: ['pathway_redesign', 'workforce_resourcing'],
    looks_for: ['Clinical evidence', 'Safer care', 'Effect on medical staffing'],
    professions: ['consultant', 'doctor'],
    sort_order: 420,
  },
  {
    code: 'trust_chief_nurse',
    name: 'Trust chief nurse',
    category: 'base',
    level: 'provider',
    summary:
      "A trust's senior nurse, responsible for nursing and midwifery staff, quality of care and patient experience. " +
      'Has a say whenever a change moves work onto or away from nurses.',
    decisions: ['workforce_resourcing'],
    looks_for: ['Effect on nursing workload', 'Better patient experience', 'Safer care'],
    professions: ['nurse', 'midwife'],
    sort_order: 430,
  },
  {
    code: 'trust_chief_pharmacist',
    name: 'Trust chief pharmacist',
    category: 'base',
    level: 'provider',
    summary:
      "Leads a trust's pharmacy and medicines management, including its formulary, medicines budget and high-cost drugs. " +
      'Works with the system chief pharmacist and the area prescribing committee.',
    decisions: ['formulary', 'budget'],
    looks_for: [
      'Value for the medicines budget',
      'Safe, simple supply and homecare',
      'Fit with the formulary',
    ],
    professions: ['pharmacist'],
    sort_order: 440,
  },
  {
    code: 'clinical_director',
    name: 'Clinical director (trust)',
    category: 'base',
    level: 'provider',
    summary:
      'Leads a clinical directorate or specialty in a trust, combining clinical work with running the service. ' +
      'Often the clinician who decides whether a department takes on a new pathway.',
    decisions: ['pathway_redesign', 'workforce_resourcing', 'budget'],
    looks_for: [
      'Effect on capacity and waiting times',
      'Clinical evidence',
      'Fit with the department budget',
    ],
    professions: ['consultant'],
    sort_order: 450,
  },
  {
    code: 'ahp_lead',
    name: 'Allied health professional lead',
    category: 'base',
    level: 'provider',
    summary:
      'Leads therapists and other allied health professionals in a trust or system. ' +
      'Their staff often take on work that moves out of hospital clinics.',
    decisions: ['workforce_resourcing', 'pathway_redesign'],
    looks_for: ['New roles for allied health professionals', 'Training needs', 'Care closer to home'],
    professions: ['allied_health_professional'],
    sort_order: 460,
  },
  {
    code: 'scn_clinical_director',
    name: 'Strategic clinical network clinical director',
    category: 'base',
    level: 'regional',
    summary:
      'Clinical head of the regional team that supports strategic clinical networks. ' +
      'Decides with the network director how much clinical input the networks need and where it comes from.',
    decisions: ['pathway_redesign', 'service_specification'],
    looks_for: [
      'Measurable improvement in outcomes',
      'Fit with national priorities',
      'Evidence that spreads',
    ],
    professions: ['consultant', 'gp', 'nurse'],
    sort_order: 470,
  },
  {
    code: 'scn_network_director',
    name: 'Strategic clinical network director',
    category: 'base',
    level: 'regional',
    summary:
      'Manages the regional team that supports the strategic clinical networks, alongside the clinical director. ' +
      'Answers for their improvement programmes, project management and annual accountability agreement with the host.',
    decisions: ['pathway_redesign', 'pilot_adoption'],
    looks_for: [
      'Fit with the annual improvement programme',
      'Clear project management',
      'Evidence for evaluation',
    ],
    professions: ['manager'],
    sort_order: 480,
  },
  {
    code: 'clinical_senate_member',
    name: 'Clinical senate member',
    category: 'base',
    level: 'regional',
    summary:
      'A senior clinician on a clinical senate, which gives commissioners independent, evidence-based advice on large service changes. ' +
      'The senate puts what patients need ahead of the interests of organisations or professions.',
    decisions: ['pathway_redesign', 'service_specification'],
    looks_for: [
      'Evidence for a service change',
      'Benefit to patients over organisations',
      'A view of the whole pathway',
    ],
    professions: ['consultant', 'gp', 'nurse', 'allied_health_professional', 'public_health'],
    sort_order: 490,
  },
  {
    code: 'hin_innovation_lead',
    name: 'Health Innovation Network lead',
    category: 'base',
    level: 'regional',
    summary:
      'Works in a regional Health Innovation Network, the bodies that link the NHS with universities and industry. ' +
      'Helps find, test and spread innovations across the systems of the region.',
    decisions: ['pilot_adoption'],
    looks_for: ['Real-world evidence', 'Readiness to spread beyond a pilot', 'Benefit to population health'],
    professions: ['manager', 'academic'],
    sort_order: 500,
  },
  {
    code: 'patient_representative',
    name: 'Patient representative',
    category: 'base',
    level: 'system',
    summary:
      'A patient who sits on a network or committee to bring the experience of people using the service. ' +
      'Managed networks must involve patients in shaping their work.',
    decisions: ['pathway_redesign', 'service_specification'],
    looks_for: ['Better experience of care', 'Care closer to home', 'Clear information for patients'],
    professions: ['patient_representative'],
    sort_order: 510,
  },
  {
    code: 'carer_representative',
    name: 'Carer representative',
    category: 'base',
    level: 'system',
    summary:
      'A carer who sits on a network or committee to speak for the families and friends who look after patients. ' +
      'Brings the view of people who see the whole journey across services.',
    decisions: ['pathway_redesign', 'service_specification'],
    looks_for: ['Support for carers', 'Joined-up care', 'Clear information for families'],
    professions: ['carer_representative'],
    sort_order: 520,
  },
  {
    code: 'voluntary_sector_lead',
    name: 'Voluntary sector lead',
    category: 'base',
    level: 'place',
    summary:
      'Leads a charity or community organisation that works alongside health networks. ' +
      'Often reaches groups that NHS services find hard to reach.',
    decisions: ['pathway_redesign'],
    looks_for: [
      'Reach into under-served groups',
      'Partnership with the community',
      'Effect on health inequalities',
    ],
    professions: ['voluntary_sector', 'manager'],
    sort_order: 530,
  },
];

/** The national catalogue, key personas first then base roles, in sort order. */
export const PERSONA_CATALOGUE: readonly CataloguePersona[] = [...KEY, ...BASE];

/** The codes of the ten key personas of source 001, in its order. */
export const KEY_PERSONA_CODES: readonly string[] = KEY.map((p) => p.code);

/** A catalogue persona by code, or undefined. */
export function cataloguePersona(code: string): CataloguePersona | undefined {
  return PERSONA_CATALOGUE.find((p) => p.code === code);
}
