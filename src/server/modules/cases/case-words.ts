/** Words shorter than this are not indexed (nor searched). */
export const MIN_WORD_LENGTH = 2;
const MAX_WORD_LENGTH = 60;
/** A case's text is indexed up to this many distinct words. */
const MAX_WORDS_PER_CASE = 2000;

/**
 * The searchable words of a text: letters and digits (any script), lower-cased the Swedish way,
 * without duplicates. The same function splits what is indexed and what is searched for, so a
 * search word matches exactly the indexed word.
 */
export function wordsOf(...texts: (string | null | undefined)[]): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const match of text.normalize('NFC').toLocaleLowerCase('sv').matchAll(/[\p{L}\p{N}]+/gu)) {
      const word = match[0];
      if (word.length >= MIN_WORD_LENGTH && word.length <= MAX_WORD_LENGTH) words.add(word);
      if (words.size >= MAX_WORDS_PER_CASE) return [...words];
    }
  }
  return [...words];
}
