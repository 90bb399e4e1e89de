/**
 * The sample plan that ships with Samskriv: the six agencies' joint plan for
 * increasing foreign-born women's entry into the labour market, with real
 * Swedish starting text in every chapter.
 *
 * It is what a new user sees first and what demos and end-to-end tests open,
 * so it has to look like the real thing: chapters follow the government
 * assignment, each is owned by the agency that would write it, and the text
 * is in the register of a Swedish agency report.
 *
 * Guarantees (checked by tests/unit/shared/sample-plan.test.ts):
 * - every chapter's content is valid for the chapter schema and is already in
 *   ProseMirror's canonical JSON form (see content-builders.ts);
 * - every owner is an agency code, and Försäkringskassan owns a chapter, so a
 *   drafter from each agency but one has a chapter of their own to write in;
 * - the measures chapter holds a table "Åtgärd | Ansvarig myndighet | Tidplan"
 *   naming all six agencies.
 *
 * The text states no statistics as facts. Where a figure belongs it holds a
 * bracketed placeholder, e.g. "[andel enligt SCB, ange år och källa]", that
 * the drafters fill in; a made-up number in a document sent to the
 * government would be worse than an obvious gap.
 *
 * This module is pure data: no DOM, no Node, no Yjs. Turning it into a
 * manifest and chapter docs is the job of whoever creates plans.
 */
import type { AgencyCode } from '../agencies/agencies.ts';
import type { DetailsInput } from '../workflow/plan-details.ts';
import { a, b, br, doc, em, h, ol, p, table, ul, type PmJsonDoc } from './content-builders.ts';

export type { PmJsonDoc, PmJsonMark, PmJsonNode } from './content-builders.ts';

export interface SampleChapter {
  /** Stable identifier of the chapter within the sample, independent of its title. */
  readonly key: string;
  readonly title: string;
  readonly owner: AgencyCode;
  readonly content: PmJsonDoc;
}

export interface SamplePlan {
  readonly title: string;
  /** ISO date (YYYY-MM-DD) by which the plan is due at the Government Offices. */
  readonly deadline: string;
  /** The details that go with the submission (shared/workflow/plan-details.ts). */
  readonly details: DetailsInput;
  readonly chapters: readonly SampleChapter[];
}

const uppdraget: SampleChapter = {
  key: 'uppdraget',
  title: 'Uppdraget och dess bakgrund',
  owner: 'af',
  content: doc(
    p(
      'Regeringen gav den [ange datum för regeringsbeslutet] Arbetsförmedlingen, Försäkringskassan, ',
      'Jämställdhetsmyndigheten, Länsstyrelsen i Västernorrlands län, Migrationsverket och Socialstyrelsen ',
      'i uppdrag att i samverkan ta fram en ',
      b('myndighetsgemensam plan för att öka utrikes födda kvinnors inträde på arbetsmarknaden'),
      ' ([ange diarienummer]). Arbetsförmedlingen samordnar uppdraget. Planen ska redovisas till ',
      'Regeringskansliet (Arbetsmarknadsdepartementet) senast den 31 mars 2023.',
    ),
    p(
      'Regeringsbeslutet finns i sin helhet på ',
      a('https://www.regeringen.se', 'regeringen.se'),
      '. I denna redovisning beskriver myndigheterna målgruppen, nuläget, de åtgärder som respektive myndighet ',
      'åtar sig, hur samverkan med kommuner, regioner och civilsamhälle ska bedrivas samt hur arbetet ska följas upp.',
    ),
    h(2, 'Uppdragets syfte'),
    p('Enligt uppdraget ska myndigheterna öka utrikes födda kvinnors inträde på arbetsmarknaden genom bland annat:'),
    ul(
      'metodutveckling i det egna och det gemensamma arbetet,',
      'ökad kunskapsöverföring mellan myndigheterna och till andra aktörer,',
      'förbättrad samverkan mellan myndigheter och kommunala, regionala och civila aktörer, samt',
      ['ett ', b('jämställt och jämlikt bemötande'), ' och en ', b('likvärdig fördelning av stödåtgärder'), '.'],
    ),
    h(2, 'Bakgrund'),
    p(
      'Utrikes födda kvinnor har lägre sysselsättningsgrad än både utrikes födda män och inrikes födda kvinnor ',
      '[sysselsättningsgrad för respektive grupp enligt SCB:s arbetskraftsundersökningar, ange år och källa]. ',
      'Skillnaden är störst under de första åren i Sverige och minskar med vistelsetiden, men den försvinner inte. ',
      'En egen inkomst är en förutsättning för ',
      em('ekonomisk självständighet'),
      ', för möjligheten att forma sitt eget liv och för barnens uppväxtvillkor.',
    ),
    p(
      'Frågan har uppmärksammats i flera tidigare uppdrag och utredningar. Länsstyrelserna har tidigare samlat in och ',
      'spridit goda exempel på uppsökande och motiverande arbete för att nå utrikes födda kvinnor som står långt från ',
      'utbildning och arbete. Parallellt med detta uppdrag pågår den särskilda utredningen om förbättrad ',
      'arbetsmarknadsetablering för utrikes födda kvinnor (dir. 2022:42). Myndigheterna följer utredningens arbete.',
    ),
    h(2, 'Läsanvisning'),
    p('Redovisningen är disponerad enligt följande:'),
    ol(
      'Kapitel 2 beskriver målgruppen, med särskilt fokus på anhöriginvandrare.',
      'Kapitel 3 ger en bild av nuläget och de utvecklingsbehov myndigheterna har identifierat.',
      'Kapitel 4 redovisar de åtgärder som varje myndighet åtar sig.',
      'Kapitel 5 beskriver samverkan med kommuner, regioner och civilsamhälle.',
      'Kapitel 6 behandlar likabehandling och en likvärdig fördelning av stöd.',
      'Kapitel 7 beskriver hur planen ska följas upp.',
    ),
    h(2, 'Arbetsformer'),
    p(
      'Arbetet har bedrivits i en myndighetsgemensam arbetsgrupp med representanter för samtliga sex myndigheter. ',
      'En styrgrupp på chefsnivå har fattat beslut om inriktning och prioriteringar. Varje myndighet ansvarar för ',
      'sina egna åtaganden och för att de förankras i den egna verksamheten.',
    ),
    p(b('Kontaktperson:'), ' [namn, titel], Arbetsförmedlingen', br(), b('E-post:'), ' [e-postadress]'),
  ),
};

const malgruppen: SampleChapter = {
  key: 'malgruppen',
  title: 'Målgruppen: utrikes födda kvinnor långt från arbetsmarknaden, med särskilt fokus på anhöriginvandrare',
  owner: 'migr',
  content: doc(
    p(
      'Planens målgrupp är utrikes födda kvinnor som står långt från arbetsmarknaden. Det är ingen enhetlig grupp. ',
      'Kvinnorna har olika utbildningsbakgrund, yrkeserfarenhet, familjesituation och skäl till att de kommit till ',
      'Sverige. Gemensamt är att de av olika skäl inte har fått fäste på arbetsmarknaden och att de riskerar att ',
      'bli kvar utanför den under lång tid.',
    ),
    p(
      'Med ',
      em('långt från arbetsmarknaden'),
      ' avses i planen kvinnor som har en eller flera av följande förutsättningar:',
    ),
    ul(
      'kort eller ingen formell utbildning,',
      'begränsad eller ingen erfarenhet av betalt arbete, i Sverige eller i ursprungslandet,',
      'begränsade kunskaper i svenska,',
      'lång tid utanför arbetskraften, till exempel till följd av föräldraledighet eller ohälsa.',
    ),
    h(2, 'Anhöriginvandrare'),
    p(
      'Regeringen har angett att planen ska ha ',
      b('särskilt fokus på anhöriginvandrare'),
      ', det vill säga personer som har fått uppehållstillstånd på grund av anknytning till någon som bor i ',
      'Sverige. En stor del av dem som beviljas uppehållstillstånd som anhöriga är kvinnor ',
      '[andel kvinnor bland beviljade anknytningsärenden enligt Migrationsverkets statistik, ange år].',
    ),
    p(
      'Alla anhöriginvandrare omfattas inte av etableringsprogrammet. Den som kommer till Sverige som anhörig till ',
      'exempelvis en svensk medborgare eller en arbetskraftsinvandrare får därför inte alltid samma strukturerade ',
      'stöd under den första tiden. Information om arbetsmarknaden, svenska för invandrare (sfi) och förskola når ',
      'ibland kvinnan sent, eller bara via hennes partner.',
    ),
    p(
      'Ett tidsbegränsat uppehållstillstånd som bygger på ett förhållande kan också skapa ett beroende av partnern. ',
      'Myndigheterna behöver vara uppmärksamma på att våld, kontroll och ',
      em('hedersrelaterat våld och förtryck'),
      ' kan hindra en kvinna från att delta i insatser. Mer information om uppehållstillstånd för anhöriga finns på ',
      a('https://www.migrationsverket.se', 'migrationsverket.se'),
      '.',
    ),
    h(3, 'Faktorer som påverkar vägen till arbete'),
    ul(
      'språk och möjligheten att kombinera sfi med praktik eller arbete,',
      'tillgång till förskola och barnomsorg på tider som passar insatserna,',
      'fysisk och psykisk hälsa, inklusive tillgång till sexuell och reproduktiv hälsovård,',
      'kunskap om samhället, om myndigheternas uppdrag och om den egna rätten till stöd,',
      'normer om arbete och familj, både i hushållet och i omgivningen,',
      'diskriminering på arbetsmarknaden, samt',
      'bostadsort, avstånd och tillgång till kollektivtrafik.',
    ),
  ),
};

const nulage: SampleChapter = {
  key: 'nulage',
  title: 'Nulägesbeskrivning',
  owner: 'lst',
  content: doc(
    p(
      'Detta kapitel beskriver kortfattat läget för målgruppen och de insatser som finns i dag. Beskrivningen bygger ',
      'på offentlig statistik, myndigheternas egna uppföljningar och de erfarenheter som länsstyrelserna har samlat ',
      'in från kommuner och civilsamhälle.',
    ),
    h(2, 'Sysselsättning och etablering'),
    p(
      'Sysselsättningsgraden bland utrikes födda kvinnor i åldern 20–64 år var ',
      '[andel enligt SCB, ange år och källa], jämfört med [andel] för utrikes födda män och [andel] för inrikes ',
      'födda kvinnor. Bland kvinnor med kort utbildning och kort vistelsetid är andelen betydligt lägre ',
      '[ange uppgift och källa].',
    ),
    p(
      'Av de kvinnor som lämnade etableringsprogrammet under [ange år] var [andel] i arbete eller studier 90 dagar ',
      'efter avslutat program, jämfört med [andel] av männen [källa: Arbetsförmedlingen]. Skillnaden mellan kvinnor ',
      'och män behöver analyseras ',
      b('över tid och i relation till utbildningsbakgrund'),
      ' [komplettera med analys och källa].',
    ),
    h(2, 'Befintliga insatser'),
    ul(
      'Etableringsprogrammet och Arbetsförmedlingens övriga insatser för arbetssökande.',
      'Svenska för invandrare (sfi), kommunal vuxenutbildning och samhällsorientering i kommunerna.',
      'Tidiga insatser för asylsökande (TIA) och andra statsbidrag som länsstyrelserna fördelar till kommuner och civilsamhälle.',
      'Socialtjänstens arbete med personer som har försörjningsstöd.',
      'Försäkringskassans och Migrationsverkets information i samband med ansökningar och beslut.',
    ),
    h(2, 'Identifierade utvecklingsbehov'),
    p('Myndigheterna har gemensamt identifierat följande utvecklingsbehov:'),
    ol(
      [
        'Verksamheter för målgruppen saknar ofta ',
        b('långsiktighet'),
        ': de drivs som projekt, utan planering, struktur och finansiering som håller över tid.',
      ],
      'Information når inte alltid kvinnorna själva, på ett språk de förstår och vid rätt tidpunkt.',
      'Kvinnor som inte omfattas av etableringsprogrammet riskerar att falla mellan stolarna.',
      'Statistiken är inte alltid uppdelad på kön, födelseregion och vistelsetid, vilket försvårar uppföljning.',
      'Förutsättningarna skiljer sig mellan kommuner, och goda arbetssätt sprids inte systematiskt.',
    ),
    h(3, 'Regionala skillnader'),
    p(
      'I glesbefolkade län som Västernorrland kan långa avstånd, begränsad kollektivtrafik och få platser i ',
      'arbetsplatsnära utbildningar göra det svårare att delta i insatser. Statistik per län finns hos ',
      a('https://www.scb.se', 'SCB'),
      ' och bör redovisas här när kapitlet färdigställs [ange relevanta regionala uppgifter].',
    ),
  ),
};

const atgarder: SampleChapter = {
  key: 'atgarder',
  title: 'Åtgärder per myndighet',
  owner: 'af',
  content: doc(
    p(
      'Myndigheterna har kommit överens om åtgärder inom tre gemensamma utvecklingsområden. Varje åtgärd har en ',
      'ansvarig myndighet och en tidplan. Åtgärderna genomförs inom befintliga ramar om inget annat anges.',
    ),
    ul(
      [b('Likvärdigt bemötande'), ': kvinnor och män ska mötas med samma förväntningar och få samma information.'],
      [b('Likvärdig tillgång till insatser'), ': kvinnor ska i lika hög grad som män ta del av arbetsförberedande och kvalificerande insatser.'],
      [b('Information och kommunikation'), ': information ska nå kvinnan själv, tidigt och på ett språk hon förstår.'],
    ),
    h(2, 'Sammanställning av åtgärder'),
    table(
      ['Åtgärd', 'Ansvarig myndighet', 'Tidplan'],
      [
        'Intensifierade insatser för kvinnor i etableringsprogrammet, med tidiga arbetsplatsnära aktiviteter och regelbunden uppföljning av planeringen.',
        'Arbetsförmedlingen',
        '2023–2024',
      ],
      [
        'Yrkessvenska i kombination med praktik inom yrken med god efterfrågan, till exempel vård och omsorg.',
        'Arbetsförmedlingen',
        'Från hösten 2023',
      ],
      [
        'Uppföljning av att kvinnor och män i etableringsprogrammet får insatser av likvärdig omfattning och inriktning.',
        'Arbetsförmedlingen',
        'Löpande, redovisas årligen',
      ],
      [
        'Information om föräldrapenningens regler och om hur långa uttag kan påverka etablering, framtida inkomst och pension.',
        'Försäkringskassan',
        '2023',
      ],
      [
        'Gemensamma informationstillfällen med Arbetsförmedlingen för nyanlända föräldrar.',
        'Försäkringskassan',
        '2023–2024',
      ],
      [
        'Tidig information om arbetsmarknaden, sfi och förskola till den som beviljas uppehållstillstånd som anhörig.',
        'Migrationsverket',
        'Från 2023',
      ],
      [
        'Stöd till socialtjänsten i arbetet med arbetslivsinriktade insatser för kvinnor med försörjningsstöd.',
        'Socialstyrelsen',
        '2023–2024',
      ],
      [
        'Stöd till myndigheterna i jämställdhetsintegrering av insatser för nyanlända.',
        'Jämställdhetsmyndigheten',
        '2023–2024',
      ],
      [
        'Kunskapshöjande insatser om mäns våld mot kvinnor, inklusive hedersrelaterat våld och förtryck, som hinder för etablering.',
        'Jämställdhetsmyndigheten',
        '2024',
      ],
      [
        'Regional samordning av aktörer som arbetar med målgruppen, med spridning av goda exempel mellan kommuner.',
        'Länsstyrelsen Västernorrland',
        'Löpande från 2023',
      ],
      [
        'Tidiga insatser för asylsökande och anhöriga, med särskild uppmärksamhet på kvinnors deltagande.',
        'Länsstyrelsen Västernorrland',
        'Löpande från 2023',
      ],
    ),
    h(2, 'Gemensamma åtaganden'),
    p('Utöver de egna åtagandena genomför myndigheterna gemensamt följande:'),
    ul(
      'tar fram gemensamma budskap att använda i kommunikationen med målgruppen,',
      'inventerar kompetensutveckling som bidrar till ett likvärdigt bemötande och gör den tillgänglig för varandra,',
      'samordnar sin uppföljning enligt kapitel 7.',
    ),
    p(
      'Information om Arbetsförmedlingens stöd till arbetssökande finns på ',
      a('https://arbetsformedlingen.se', 'arbetsformedlingen.se'),
      '. Kostnaderna för de enskilda åtgärderna redovisas av respektive myndighet [ange eventuella kostnader och finansiering].',
    ),
  ),
};

const samverkan: SampleChapter = {
  key: 'samverkan',
  title: 'Samverkan med kommuner, regioner och civilsamhället',
  owner: 'lst',
  content: doc(
    p(
      'Myndigheternas åtgärder får effekt först när de samspelar med kommunernas, regionernas och civilsamhällets ',
      'arbete. Kommunerna ansvarar bland annat för sfi, samhällsorientering, förskola och försörjningsstöd. Regionerna ',
      'ansvarar för hälso- och sjukvården och har ett regionalt utvecklingsansvar. Civilsamhällets organisationer når ',
      'ofta kvinnor som myndigheterna har svårt att nå.',
    ),
    h(2, 'Dialog med civilsamhället den 7 december 2022'),
    p(
      'Den 7 december 2022 höll myndigheterna ett samråd med företrädare för civilsamhällets organisationer ',
      '[ange antal deltagande organisationer och formen för dialogen]. Syftet var att ta del av organisationernas ',
      'erfarenheter och att pröva planens inriktning. Vid dialogen framkom bland annat att:',
    ),
    ul(
      'förtroende byggs under lång tid, och kortsiktig projektfinansiering gör att relationer bryts när ett projekt avslutas,',
      'information behöver ges muntligt, på kvinnans modersmål och till kvinnan själv, inte enbart via hennes partner,',
      'barnomsorg under aktiviteterna och flexibla tider är ofta avgörande för att kvinnor ska kunna delta,',
      'många kvinnor har egna mål för utbildning och arbete, och bilden av målgruppen som passiv stämmer inte,',
      'ohälsa och erfarenheter av våld behöver uppmärksammas tidigt, samt',
      'civilsamhället vill involveras tidigt och som en likvärdig part, inte enbart som utförare av insatser.',
    ),
    p(
      em('Minnesanteckningar från dialogen finns hos Länsstyrelsen Västernorrland [ange diarienummer].'),
      ' Synpunkterna har beaktats i kapitel 4 och 6.',
    ),
    h(2, 'Former för fortsatt samverkan'),
    ol(
      'Länsstyrelserna samlar kommuner, region, myndigheter och civilsamhälle i regionala forum för målgruppens etablering.',
      'Arbetsförmedlingen och kommunerna tar upp målgruppen i sina lokala överenskommelser om samverkan.',
      [
        'Offentliga aktörer prövar ',
        em('idéburet offentligt partnerskap'),
        ' (IOP) som form för långsiktig samverkan med civilsamhället.',
      ],
      'Myndigheterna håller en återkommande dialog med civilsamhället, minst en gång per år.',
    ),
    p(
      'Mer om länsstyrelsernas arbete med integration finns på ',
      a('https://www.lansstyrelsen.se', 'lansstyrelsen.se'),
      '.',
    ),
  ),
};

const likabehandling: SampleChapter = {
  key: 'likabehandling',
  title: 'Likabehandling och likvärdig fördelning av stöd',
  owner: 'jamy',
  content: doc(
    p(
      'Enligt uppdraget ska myndigheterna bidra till ett jämställt och jämlikt bemötande och en likvärdig fördelning ',
      'av stödåtgärder. Arbetet utgår från det jämställdhetspolitiska målet att ',
      em('kvinnor och män ska ha samma makt att forma samhället och sina egna liv'),
      ', och särskilt från delmålet om ekonomisk jämställdhet.',
    ),
    h(2, 'Jämställt och jämlikt bemötande'),
    p(
      'Bemötandet påverkar vilka insatser en person erbjuds och vilka förväntningar som ställs. Myndigheterna ska ',
      'ställa samma förväntningar på kvinnor som på män när det gäller arbete och studier, och ',
      b('anpassa stödet'),
      ' efter individens förutsättningar snarare än efter antaganden om kön eller ursprung. Ingen ska missgynnas ',
      'på grund av någon av diskrimineringsgrunderna i diskrimineringslagen.',
    ),
    ul(
      'Kvinnan ska få information och kunna föra sin talan själv, vid behov med hjälp av en egen tolk.',
      'Barn och anhöriga ska inte användas som tolkar.',
      'Handläggare ska ha kunskap om normer och om hur de egna förväntningarna kan påverka bedömningar.',
    ),
    h(2, 'Likvärdig fördelning av stödåtgärder'),
    p(
      'Uppföljningar har visat att kvinnor i vissa fall tar del av färre eller mindre kvalificerade insatser än män ',
      '[hänvisa till relevant uppföljning, ange källa och år]. För att upptäcka sådana skillnader ska myndigheterna ',
      'redovisa statistik uppdelad på kön och, där det är möjligt, även på födelseregion, utbildningsnivå och ',
      'vistelsetid.',
    ),
    p(
      'Jämställdhetsmyndigheten stöder myndigheterna i arbetet med jämställdhetsintegrering. Metodstöd finns på ',
      a('https://www.jamstalldhetsmyndigheten.se', 'jamstalldhetsmyndigheten.se'),
      '.',
    ),
    h(3, 'Mäns våld mot kvinnor som hinder för etablering'),
    p(
      'Våld och kontroll i nära relationer, inklusive hedersrelaterat våld och förtryck, kan hindra kvinnor från att ',
      'delta i sfi, praktik och arbete. Personal som möter målgruppen behöver kunna ställa frågor om våld och veta ',
      'hur de ska agera. Varje myndighet ska ha rutiner för att hänvisa vidare till socialtjänsten när en kvinna ',
      'berättar om våld eller när det finns oro för att hon utsätts.',
    ),
  ),
};

const uppfoljning: SampleChapter = {
  key: 'uppfoljning',
  title: 'Uppföljning',
  owner: 'fk',
  content: doc(
    p(
      'Planen följs upp årligen. Varje myndighet följer upp sina egna åtgärder och lämnar underlag till ',
      'Arbetsförmedlingen, som sammanställer en gemensam uppföljning. Uppföljningen ska visa både om åtgärderna ',
      'har genomförts och om de har bidragit till att fler kvinnor i målgruppen har kommit i arbete eller studier.',
    ),
    h(2, 'Indikatorer'),
    p('Myndigheterna följer planen med följande indikatorer. Alla indikatorer redovisas uppdelade på kön.'),
    table(
      ['Indikator', 'Datakälla', 'Redovisas'],
      [
        'Andel i arbete eller studier 90 dagar efter avslutat etableringsprogram',
        'Arbetsförmedlingen',
        'Årligen',
      ],
      ['Sysselsättningsgrad för utrikes födda efter vistelsetid i Sverige', 'SCB', 'Årligen'],
      ['Andel som deltar i arbetsplatsnära och kvalificerande insatser', 'Arbetsförmedlingen', 'Årligen'],
      ['Uttag av föräldrapenning bland nyanlända föräldrar under de första åren i Sverige', 'Försäkringskassan', 'Årligen'],
      ['Andel anhöriga som fått tidig information i samband med beslut om uppehållstillstånd', 'Migrationsverket', 'Årligen'],
      ['Antal kommuner som har tagit del av kunskapsstödet till socialtjänsten', 'Socialstyrelsen', 'Vid planens slut'],
    ),
    p(
      'Försäkringskassans uppgifter om föräldrapenning hämtas ur myndighetens statistik, som finns på ',
      a('https://www.forsakringskassan.se', 'forsakringskassan.se'),
      '. Utgångsvärden för samtliga indikatorer anges när planen fastställs [ange utgångsvärden och mätår].',
    ),
    h(2, 'Uppföljningens genomförande'),
    ol(
      'En nollmätning görs för samtliga indikatorer [ange tidpunkt].',
      'Myndigheterna lämnar underlag till Arbetsförmedlingen senast den [ange datum] varje år.',
      'Resultaten diskuteras med kommuner, regioner och civilsamhälle vid den årliga dialogen.',
      'En samlad bedömning av planens genomförande görs när planperioden är slut.',
    ),
    p(
      'Myndigheterna utbyter endast ',
      b('aggregerade uppgifter'),
      ' inom uppföljningen. Uppgifter om enskilda behandlas enligt dataskyddsförordningen och offentlighets- och ',
      'sekretesslagen och lämnas inte mellan myndigheterna inom ramen för planen.',
    ),
  ),
};

export const SAMPLE_PLAN: SamplePlan = {
  title: 'Myndighetsgemensam plan för att öka utrikes födda kvinnors inträde på arbetsmarknaden',
  // The date the government assignment sets for the report.
  deadline: '2023-03-31',
  // What the assignment says: Arbetsförmedlingen coordinates and reports to
  // the Government Offices (Arbetsmarknadsdepartementet). The decision's
  // date and reference number and the contact people are not known here, so
  // they are placeholders that the readiness check lists until filled in.
  details: {
    recipient: 'Regeringskansliet, Arbetsmarknadsdepartementet',
    referenceNumber: '[ange diarienummer]',
    decisionDate: null,
    deadline: '2023-03-31',
    contacts: {
      af: '[ange kontaktperson vid Arbetsförmedlingen (samordnare)]',
      fk: '[ange kontaktperson vid Försäkringskassan]',
      jamy: '[ange kontaktperson vid Jämställdhetsmyndigheten]',
      lst: '[ange kontaktperson vid Länsstyrelsen Västernorrland]',
      migr: '[ange kontaktperson vid Migrationsverket]',
      sos: '[ange kontaktperson vid Socialstyrelsen]',
    },
  },
  chapters: [uppdraget, malgruppen, nulage, atgarder, samverkan, likabehandling, uppfoljning],
};
