/**
 * Swedish clinical text for seeded benchmark data: a word list whose words are drawn with a Zipf
 * distribution (a few words in almost every case, a long tail of rare ones), plus words typical of
 * each department, so that a word can be common in one department and absent from another.
 * Shared by bench/seed-cases.ts (which writes the text) and bench/search.ts (which searches it).
 */

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same archive text. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** General words of clinical photo documentation, roughly most frequent first. */
const GENERAL = `och på i med av ej utan vid till som efter inför samt har är det en ett den nu ca mm cm
tidigare kontroll sår hud rodnad svullnad smärta förändring område storlek lätt måttlig kraftig ingen tecken
infektion läkning granulation fibrin nekros sekretion utbredning kant centralt perifert distalt proximalt
dorsalt volart lateralt medialt ytlig djup oregelbunden regelbunden välavgränsad diffus pigmenterad erytem
ödem krusta fjällning klåda blödning ärr hematom blåsa papel makula nodulus plack ulceration exsudat
maceration eksem utslag förband omläggning suturer stygn operation postoperativt preoperativt dag veckor
månader sedan oförändrat förbättrat försämrat progress regress jämfört föregående bild foto dokumentation
bedömning remiss konsult status patienten uppger besvär duration debut misstänkt trolig diagnos
differentialdiagnos biopsi excision histopatologi svar utvärdering behandling kortison antibiotika kräm salva
kompression avlastning fortsatt planerad återbesök sjuksköterska läkare avdelning mottagning vårdcentral
hemsjukvård anhörig smärtlindring paracetamol morfin lokalbedövning steril spolning koksalt torr fuktig
varm kall missfärgning blåaktig gulaktig rosa brun svart vit grå luktande illaluktande ömmande palpabel
fast mjuk fluktuerande ytan kanten omgivande huden sårbotten sårkant epitelisering kontraktion vävnad
underminering fickbildning mätning längd bredd djup linjal referens skala ljus blixt avstånd vinkel
översikt närbild detalj jämförelse serie standardiserad position liggande sittande stående`;

/** Body sites and sides. */
export const SITES = `huvud ansikte panna kind näsa läpp öra hals nacke bröst buk rygg ländrygg skuldra överarm
armbåge underarm handled hand handrygg handflata finger tumme höft ljumske lår knä underben vad fotled fot
fotrygg fotsula häl tå stortå sacrum skinka perineum skalp ögonlock haka bål axill`.split(/\s+/);
export const SIDES = ['vänster', 'höger', 'bilateralt', 'mittlinjen'];

/** Words typical of one department; keyed by the department's position in SEED_DEPARTMENTS. */
export const SPECIALTY: readonly string[][] = [
  // Kirurgkliniken
  'laparotomi stomi dränage anastomos bråck ärrbråck sårruptur abscess incision appendektomi kolecystektomi agraffer serom fistel pilonidalsinus',
  // Hudkliniken
  'melanom nevus basaliom skivepitelcancer psoriasis atopiskt dermatoskopi aktinisk keratos seborroisk rosacea urtikaria vitiligo akne lichen',
  // Ortopedkliniken
  'fraktur luxation gips osteosyntes fixation felställning kompartment sena ligament artros protes amputation stump pinnar kotfraktur',
  // Plastikkirurgiska kliniken
  'lambå transplantat delhudstransplantat rekonstruktion bröstrekonstruktion kontraktur keloid hypertrofiskt läppspalt fettransplantation expander mammoplastik bukplastik ptosplastik ärrkorrektion',
  // Ögonkliniken
  'ptos ektropion entropion blefarit chalazion konjunktivit iris pupill hornhinna exoftalmus ögonlockstumör tårsäck skelning orbita dermatochalasis',
  // Öron-näsa-hals
  'tonsill trumhinna näsfraktur septum epistaxis parotis tyreoidea larynx struma mastoidit öronmussla othematom halsfistel trakeostomi sialoadenit',
  // Barnkliniken
  'hemangiom mongolfläck vattkoppor impetigo blöjdermatit misshandel blåmärken nyfödd kuvös navel fontanell skolios barnmisshandel tillväxtkurva spädbarn',
  // Akutmottagningen
  'skärsår hundbett kattbett kontusion skrubbsår trafikolycka fallolycka frätskada främmandekropp sticksår klämskada avulsion lacerationer slagsmål cykelolycka',
  // Kvinnokliniken
  'episiotomi bristning kejsarsnitt mastit vulva bartholin perinealbristning postpartum förlossning vaginal livmoder bröstvårta amning sfinkterskada snittsår',
  // Reumatologkliniken
  'synovit reumatoid tofi gikt raynaud sklerodermi vaskulit digitalsår nagelveck kapillärmikroskopi dermatomyosit fingerdeformitet svanhalsdeformitet psoriasisartrit lupus',
  // Kärlkirurgiska kliniken
  'venöst arteriellt ischemi gangrän ankeltryck bypass varicer bensår claudicatio tåtryck kärlröntgen stent ballongvidgning amputationsnivå veninsufficiens',
  // Infektionskliniken
  'erysipelas cellulit borrelia erythema migrans bältros herpes fasciit mrsa lymfangit abscessdränage sepsis skabb tinea mykos',
  // Onkologiska kliniken
  'strålbehandling radiodermatit metastas tumör cytostatika extravasering lymfödem subkutan venport palliativ mukosit tumörsår hudmetastas strålfält kemoterapi',
  // Geriatriska kliniken
  'trycksår kategori decubitus hälsår sakralsår undernäring immobilisering fuktskada hudflikar skörhet vändschema tryckavlastning sängliggande demens inkontinens',
  // Käkkirurgiska kliniken
  'käke mandibel maxilla tand implantat osteonekros gingiva munslemhinna leukoplaki fistelgång tandextraktion käkfraktur bettfel läppbiopsi protetik',
  // Brännskadeenheten
  'brännskada delhudsskada fullhudsskada eskarotomi skållning tbsa donatorställe blåsbildning brännskadeförband kontrakturprofylax tryckbehandling ärrbehandling elbrännskada kemisk inhalationsskada',
  // Medicinkliniken
  'petekier purpura ikterus cyanos hudblödning läkemedelsreaktion exantem sarkoidos hepatit njursvikt dialys fistelarm diabetes insulin hudreaktion',
  // Neurologiska kliniken
  'facialispares hemipares tremor dystoni botulinumtoxin nervskada neuropati parestesi muskelatrofi fascikulationer spasticitet stroke ms polyneuropati ptosis',
  // Urologiska kliniken
  'fimos hypospadi skrotum testikel kateter nefrostomi urostomi penis parafimos hydrocele cystostomi urinretention prostata njursten fourniers',
  // Sårcentrum
  'kompressionsbehandling silverförband vakuumbehandling debridering biofilm sårbädd sårkanter hudtransplantation larvbehandling sårodling fotsår diabetesfot avlastningsskor sårvård undertrycksbehandling',
].map((line) => line.split(/\s+/));

/** Parts of Swedish compound words: the long tail of rarer words. */
const PREFIXES = `hud sår ben arm fot hand ansikts rygg buk bröst hals knä tå finger nagel läpp öron ögon nack skalp
lår vad häl höft ljumsk skinka armbåge handleds fotleds underarms överarms panna kind näs haka bål axill
kärl nerv sen muskel led ben skelett lymf blod ödem tryck värme köld strål kirurg operations transplantat
donator stomi dränage kateter förbands kompressions infektions smärt rodnads svullnads vätske var blås ärr
fläck pigment mögel svamp bakterie virus klåd utslags`.split(/\s+/);
const SUFFIXES = `förändring rodnad svullnad skada sår kant yta område smärta infektion blåsa ärr utslag fläck
knuta veck läkning status bild kontroll undersökning dokumentation behandling förband byte tecken reaktion
missfärgning blödning nekros sekret vätska odling prov biopsi mätning storlek djup gräns rand zon lesion
process tillstånd besvär känsla funktion rörlighet ställning deformitet inflammation`.split(/\s+/);

/** ICD-10 codes of the skin and injury chapters, as clinicians write them in the text ("L89", "S52"). */
const CODES = [...'LSTC'].flatMap((letter) => Array.from({ length: 100 }, (_, n) => `${letter}${String(n).padStart(2, '0')}`.toLowerCase()));

/** Every word of the Zipf-drawn vocabulary, most frequent first (rank 0). */
export const VOCABULARY: readonly string[] = (() => {
  const words: string[] = [];
  const seen = new Set<string>();
  const add = (word: string) => {
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  };
  GENERAL.split(/\s+/).forEach(add);
  SITES.forEach(add);
  // The tail in a fixed shuffled order, so frequency does not follow the alphabet.
  const tail: string[] = [];
  for (const prefix of PREFIXES) for (const suffix of SUFFIXES) tail.push(prefix + suffix);
  tail.push(...CODES);
  const random = prng(20261122);
  for (let i = tail.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [tail[i], tail[j]] = [tail[j]!, tail[i]!];
  }
  tail.forEach(add);
  return words;
})();

const ZIPF_EXPONENT = 1.1;
const cumulative: Float64Array = (() => {
  const weights = new Float64Array(VOCABULARY.length);
  let sum = 0;
  for (let rank = 0; rank < weights.length; rank++) {
    sum += 1 / Math.pow(rank + 1, ZIPF_EXPONENT);
    weights[rank] = sum;
  }
  for (let rank = 0; rank < weights.length; rank++) weights[rank]! /= sum;
  return weights;
})();

/** A word of the general vocabulary, drawn by its Zipf weight. */
export function zipfWord(random: () => number): string {
  const r = random();
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (cumulative[mid]! < r) low = mid + 1;
    else high = mid;
  }
  return VOCABULARY[low]!;
}

/** A sentence of free clinical text: general words, the department's own words and some measurements. */
export function findingText(random: () => number, department: number, words: number): string {
  const special = SPECIALTY[department % SPECIALTY.length]!;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = random();
    if (r < 0.12) out.push(special[Math.floor(Math.pow(random(), 2) * special.length)]!);
    else if (r < 0.18) out.push(`${1 + Math.floor(random() * 80)} mm`);
    else out.push(zipfWord(random));
  }
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

export function siteText(random: () => number): string {
  const site = pick(random, SITES);
  const r = random();
  return r < 0.7 ? `${pick(random, SIDES)} ${site}` : r < 0.85 ? `${site}, ${pick(random, ['dorsalt', 'volart', 'lateralt', 'medialt', 'distalt', 'proximalt'])}` : site;
}

export const PURPOSES = [
  'Dokumentation av sårläkning inför uppföljning',
  'Underlag för remiss till specialist',
  'Jämförelse med föregående kontroll',
  'Dokumentation före operation',
  'Dokumentation efter operation',
  'Underlag för teledermatologisk bedömning',
  'Dokumentation av skada vid ankomst',
  'Uppföljning av behandlingseffekt',
  'Dokumentation inför multidisciplinär konferens',
  'Underlag för bedömning av trycksår',
];

const CAPTION_WORDS = ['översikt', 'närbild', 'med linjal', 'före omläggning', 'efter omläggning', 'efter debridering', 'från sidan', 'uppifrån', 'dermatoskopi', 'med blixt', 'utan blixt', 'jämförelse'];

export function captionText(random: () => number, department: number): string {
  const parts = [pick(random, CAPTION_WORDS)];
  if (random() < 0.6) parts.push(siteText(random));
  if (random() < 0.4) parts.push(findingText(random, department, 1 + Math.floor(random() * 4)).replace(/\.$/, '').toLowerCase());
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Search words by how often they occur, for the benchmark. */
export function searchWords(departments: readonly number[]): { common: string[]; medium: string[]; rare: string[]; ownSpecialty: string[]; otherSpecialty: string[] } {
  const general = VOCABULARY.filter((w) => w.length >= 2);
  const own = new Set(departments.flatMap((d) => SPECIALTY[d % SPECIALTY.length]!));
  return {
    common: general.slice(0, 40),
    medium: general.slice(100, 600),
    rare: general.slice(2000),
    ownSpecialty: [...own],
    otherSpecialty: SPECIALTY.filter((_, d) => !departments.includes(d)).flat().filter((w) => !own.has(w)),
  };
}
