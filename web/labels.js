// Arabic and English names for the codes the API returns, so the page can show both.
// Types and families follow the contract's taxonomy.tsv (type -> family column); the Arabic
// names are written for rasd. A code the server sends that is not here is shown as it is.

export const FAMILIES = {
  battle: { ar: 'معارك', en: 'Battles', color: '#c0392b' },
  remote: { ar: 'عنف عن بعد', en: 'Explosions/remote violence', color: '#e67e22' },
  civilians: { ar: 'عنف ضد المدنيين', en: 'Violence against civilians', color: '#8e44ad' },
  protest: { ar: 'احتجاجات', en: 'Protests', color: '#27ae60' },
  riot: { ar: 'أعمال شغب', en: 'Riots', color: '#8d6e63' },
  strategic: { ar: 'تطورات استراتيجية', en: 'Strategic developments', color: '#2e86c1' },
  verbal: { ar: 'تصريحات', en: 'Verbal', color: '#7f8c8d' },
};

export const TYPES = {
  armed_clash: { family: 'battle', ar: 'اشتباك مسلح', en: 'Armed clash' },
  government_regains_territory: { family: 'battle', ar: 'استعادة الحكومة أرضاً', en: 'Government regains territory' },
  non_state_overtakes_territory: { family: 'battle', ar: 'سيطرة جماعة غير حكومية', en: 'Non-state actor overtakes territory' },
  chemical_weapon: { family: 'remote', ar: 'سلاح كيميائي', en: 'Chemical weapon' },
  air_strike: { family: 'remote', ar: 'غارة جوية', en: 'Air/drone strike' },
  suicide_bomb: { family: 'remote', ar: 'تفجير انتحاري', en: 'Suicide bomb' },
  shelling: { family: 'remote', ar: 'قصف مدفعي أو صاروخي', en: 'Shelling/artillery/missile' },
  remote_explosive: { family: 'remote', ar: 'عبوة ناسفة أو لغم', en: 'Remote explosive/landmine/IED' },
  grenade: { family: 'remote', ar: 'قنبلة يدوية', en: 'Grenade' },
  sexual_violence: { family: 'civilians', ar: 'عنف جنسي', en: 'Sexual violence' },
  attack: { family: 'civilians', ar: 'هجوم على مدنيين', en: 'Attack' },
  abduction: { family: 'civilians', ar: 'اختطاف أو إخفاء قسري', en: 'Abduction/forced disappearance' },
  peaceful_protest: { family: 'protest', ar: 'احتجاج سلمي', en: 'Peaceful protest' },
  protest_with_intervention: { family: 'protest', ar: 'احتجاج مع تدخل', en: 'Protest with intervention' },
  excessive_force_against_protesters: { family: 'protest', ar: 'قوة مفرطة ضد محتجين', en: 'Excessive force against protesters' },
  violent_demonstration: { family: 'riot', ar: 'تظاهرة عنيفة', en: 'Violent demonstration' },
  mob_violence: { family: 'riot', ar: 'عنف غوغائي', en: 'Mob violence' },
  agreement: { family: 'strategic', ar: 'اتفاق', en: 'Agreement' },
  arrests: { family: 'strategic', ar: 'اعتقالات', en: 'Arrests' },
  change_to_group_activity: { family: 'strategic', ar: 'تغيّر في نشاط جماعة', en: 'Change to group/activity' },
  disrupted_weapons_use: { family: 'strategic', ar: 'إحباط استخدام سلاح', en: 'Disrupted weapons use' },
  base_established: { family: 'strategic', ar: 'إنشاء مقر أو قاعدة', en: 'Headquarters or base established' },
  looting_property_destruction: { family: 'strategic', ar: 'نهب أو تدمير ممتلكات', en: 'Looting/property destruction' },
  nonviolent_territory_transfer: { family: 'strategic', ar: 'انتقال سلمي للسيطرة', en: 'Non-violent transfer of territory' },
  other_strategic: { family: 'strategic', ar: 'تطور آخر', en: 'Other' },
  appeal: { family: 'verbal', ar: 'مناشدة', en: 'Appeal' },
  accuse: { family: 'verbal', ar: 'اتهام', en: 'Accuse' },
  condemn: { family: 'verbal', ar: 'إدانة', en: 'Condemn' },
  demand: { family: 'verbal', ar: 'مطالبة', en: 'Demand' },
  threaten: { family: 'verbal', ar: 'تهديد', en: 'Threaten' },
};

export const CLAIM_KINDS = {
  killed: { ar: 'قتلى', en: 'killed' },
  injured: { ar: 'جرحى', en: 'injured' },
  missing: { ar: 'مفقودون', en: 'missing' },
  abducted: { ar: 'مختطفون', en: 'abducted' },
  arrested: { ar: 'معتقلون', en: 'arrested' },
  displaced: { ar: 'نازحون', en: 'displaced' },
};

export const GROUPS = {
  civilians: { ar: 'مدنيون', en: 'civilians' },
  children: { ar: 'أطفال', en: 'children' },
  women: { ar: 'نساء', en: 'women' },
  medical: { ar: 'طواقم طبية', en: 'medical' },
  journalists: { ar: 'صحفيون', en: 'journalists' },
  aid_workers: { ar: 'عاملو إغاثة', en: 'aid workers' },
  military: { ar: 'قوات حكومية', en: 'military' },
  police: { ar: 'شرطة', en: 'police' },
  militants: { ar: 'مسلحون', en: 'militants' },
  unknown: { ar: 'غير محدد', en: 'unknown' },
};

export const QUALIFIERS = {
  exact: { ar: 'دقيق', en: 'exact' },
  approx: { ar: 'تقريبي', en: 'approx.' },
  at_least: { ar: 'على الأقل', en: 'at least' },
  at_most: { ar: 'على الأكثر', en: 'at most' },
  range: { ar: 'نطاق', en: 'range' },
  vague: { ar: 'مبهم', en: 'vague' },
};

export const SOURCE_KINDS = {
  official: { ar: 'رسمي', en: 'official' },
  local_sources: { ar: 'مصادر محلية', en: 'local sources' },
  eyewitness: { ar: 'شاهد عيان', en: 'eyewitness' },
  activists: { ar: 'ناشطون', en: 'activists' },
  media: { ar: 'وسيلة إعلام', en: 'media' },
  ngo: { ar: 'منظمة غير حكومية', en: 'NGO' },
  igo: { ar: 'منظمة دولية', en: 'IGO' },
  medical: { ar: 'مصدر طبي', en: 'medical' },
  armed_group: { ar: 'جماعة مسلحة', en: 'armed group' },
  monitor: { ar: 'جهة رصد', en: 'monitor' },
  unknown: { ar: 'غير محدد', en: 'unknown' },
};

export const MODALITIES = {
  asserted: { ar: 'مؤكَّد من الوسيلة', en: 'asserted' },
  reported: { ar: 'منقول عن مصدر', en: 'reported' },
  alleged: { ar: 'ادعاء', en: 'alleged' },
  denied: { ar: 'منفي', en: 'denied' },
  negated: { ar: 'لم يقع', en: 'negated' },
  future: { ar: 'مستقبلي', en: 'future' },
  hypothetical: { ar: 'افتراضي', en: 'hypothetical' },
};

export const REVIEW_STATUS = {
  unreviewed: { ar: 'لم يُراجَع', en: 'unreviewed' },
  confirmed: { ar: 'مؤكَّد', en: 'confirmed' },
  rejected: { ar: 'مرفوض', en: 'rejected' },
  corrected: { ar: 'مصحَّح', en: 'corrected' },
};

export const ROLES = {
  perpetrator: { ar: 'فاعل', en: 'perpetrator' },
  target: { ar: 'مستهدَف', en: 'target' },
  victim: { ar: 'ضحية', en: 'victim' },
  claimant: { ar: 'متحدث', en: 'claimant' },
  party: { ar: 'طرف', en: 'party' },
};

export const FIELDS = {
  type: { ar: 'النوع', en: 'type' },
  date: { ar: 'التاريخ', en: 'date' },
  location: { ar: 'المكان', en: 'location' },
  killed: { ar: 'القتلى', en: 'killed' },
  injured: { ar: 'الجرحى', en: 'injured' },
  modality: { ar: 'الصيغة', en: 'modality' },
  actors: { ar: 'الأطراف', en: 'actors' },
};

/** The family of a type, from the event itself when the server sent one. */
export function familyOf(event) {
  return event.family || TYPES[event.type]?.family || 'unknown';
}

export function familyColor(family) {
  return FAMILIES[family]?.color || '#95a5a6';
}

/** Arabic names of the countries around the region, keyed by the boundary file's English name. */
export const COUNTRY_AR = {
  Afghanistan: 'أفغانستان', Algeria: 'الجزائر', Armenia: 'أرمينيا', Azerbaijan: 'أذربيجان',
  Bahrain: 'البحرين', Chad: 'تشاد', Cyprus: 'قبرص', Djibouti: 'جيبوتي', Egypt: 'مصر',
  Eritrea: 'إريتريا', Ethiopia: 'إثيوبيا', Georgia: 'جورجيا', Greece: 'اليونان', Iran: 'إيران',
  Iraq: 'العراق', Israel: 'إسرائيل', Jordan: 'الأردن', Kuwait: 'الكويت', Lebanon: 'لبنان',
  Libya: 'ليبيا', Mali: 'مالي', Mauritania: 'موريتانيا', Morocco: 'المغرب', Niger: 'النيجر',
  Oman: 'عُمان', Pakistan: 'باكستان', Palestine: 'فلسطين', Qatar: 'قطر', 'S. Sudan': 'جنوب السودان',
  'Saudi Arabia': 'السعودية', Somalia: 'الصومال', Sudan: 'السودان', Syria: 'سوريا',
  Tunisia: 'تونس', Turkey: 'تركيا', 'United Arab Emirates': 'الإمارات', 'W. Sahara': 'الصحراء الغربية',
  Yemen: 'اليمن',
};
