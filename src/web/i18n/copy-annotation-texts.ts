/*
 * The texts of annotations on the backup workstation's read-only copy and its print (issue 19
 * "Exports and prints may include them", issue 13): the page's show/hide toggle and the printed
 * legend (registered by ./copy-annotations.ts under `copyAnnotations`).
 */
const sv = {
  show: 'Visa markeringar',
  hide: 'Dölj markeringar',
  readOnly: 'Reservkopian visar markeringarna men kan inte ändra dem.',
  legendShown_one: 'En bild visas med sina markeringar (pilar, ringar, text och mått som ritats ovanpå bilden). Själva bilden är oförändrad.',
  legendShown_other: '{{count}} bilder visas med sina markeringar (pilar, ringar, text och mått som ritats ovanpå bilderna). Själva bilderna är oförändrade.',
  legendHidden_one: 'En bild har markeringar, som är dolda här och inte skrivs ut.',
  legendHidden_other: '{{count}} bilder har markeringar, som är dolda här och inte skrivs ut.',
};

const nb: typeof sv = {
  show: 'Vis markeringer',
  hide: 'Skjul markeringer',
  readOnly: 'Reservkopien viser markeringene, men kan ikke endre dem.',
  legendShown_one: 'Ett bilde vises med sine markeringer (piler, ringer, tekst og mål tegnet oppå bildet). Selve bildet er uendret.',
  legendShown_other: '{{count}} bilder vises med sine markeringer (piler, ringer, tekst og mål tegnet oppå bildene). Selve bildene er uendret.',
  legendHidden_one: 'Ett bilde har markeringer, som er skjult her og ikke skrives ut.',
  legendHidden_other: '{{count}} bilder har markeringer, som er skjult her og ikke skrives ut.',
};

const en: typeof sv = {
  show: 'Show annotations',
  hide: 'Hide annotations',
  readOnly: 'The backup copy shows the annotations but cannot change them.',
  legendShown_one: 'One image is shown with its annotations (arrows, circles, text and measurements drawn over the image). The image itself is unchanged.',
  legendShown_other: '{{count}} images are shown with their annotations (arrows, circles, text and measurements drawn over the images). The images themselves are unchanged.',
  legendHidden_one: 'One image has annotations, which are hidden here and not printed.',
  legendHidden_other: '{{count}} images have annotations, which are hidden here and not printed.',
};

export const COPY_ANNOTATION_TEXTS = { sv, nb, en };
