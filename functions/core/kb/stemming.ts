import { stemmer as danish } from '@orama/stemmers/danish';
import { stemmer as dutch } from '@orama/stemmers/dutch';
import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as finnish } from '@orama/stemmers/finnish';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as italian } from '@orama/stemmers/italian';
import { stemmer as norwegian } from '@orama/stemmers/norwegian';
import { stemmer as portuguese } from '@orama/stemmers/portuguese';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { stemmer as swedish } from '@orama/stemmers/swedish';

/** Snowball stemmers by the base of a language code; a language without one is matched unstemmed. */
const STEMMERS: Readonly<Record<string, (word: string) => string>> = {
  da: danish,
  de: german,
  en: english,
  es: spanish,
  fi: finnish,
  fr: french,
  it: italian,
  nb: norwegian,
  nl: dutch,
  no: norwegian,
  pt: portuguese,
  sv: swedish,
};

export const STEMMED_LANGUAGES = Object.keys(STEMMERS);

/** Words too common to tell articles apart; BM25 weighs them little, but they still add noise. */
const STOP_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(
    'a about all also am an and any are as at be been but by can could do does for from get got had has have how i if in into is it its just me my not of on or our should so than that the them then there they this to was what when where which who why will with would yet you your'.split(
      ' ',
    ),
  ),
  de: new Set(
    'der die das und ist ich ein eine einen mein meine wie was wo wann zu mit von für auf im in an es sie wir kann'.split(
      ' ',
    ),
  ),
};

export function baseLanguage(language: string): string {
  return language.toLowerCase().split('-')[0] ?? language;
}

/**
 * A term as the index of one language keeps it: lowercased, stop words dropped, stemmed. The
 * stemmers rebuild their patterns on every call, so each language remembers the words it saw.
 */
export function termProcessor(language: string): (term: string) => string | null {
  const base = baseLanguage(language);
  const stem = STEMMERS[base] ?? ((word: string) => word);
  const stop = STOP_WORDS[base];
  const seen = new Map<string, string>();
  return (term) => {
    const word = term.toLowerCase();
    if (word.length < 2 || stop?.has(word)) return null;
    let stemmed = seen.get(word);
    if (stemmed === undefined) {
      stemmed = stem(word);
      if (seen.size < 200_000) seen.set(word, stemmed);
    }
    return stemmed;
  };
}
